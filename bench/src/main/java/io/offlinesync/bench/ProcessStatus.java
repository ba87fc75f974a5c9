package io.offlinesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory and thread count, from {@code /proc/<pid>/status} (VmRSS, Threads). */
record ProcessStatus(long rssMib, int threads) {

    /** Of process {@code pid}; zeros when it is not there (not on Linux, or gone). */
    static ProcessStatus of(long pid) {
        long rssKb = 0;
        int threads = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return new ProcessStatus(0, 0);
        }
        return new ProcessStatus(rssKb / 1024, threads);
    }

    /**
     * CPU time process {@code pid} has used, in clock ticks (utime + stime of {@code /proc/<pid>/stat}, 100 a second
     * on Linux); -1 when it is not there.
     */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // from field 3, the state
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The share of one core process {@code pid} used over the next {@code millis} ms, in percent; -1 without it. */
    static double cpuPercent(long pid, long millis) throws InterruptedException {
        long before = cpuTicks(pid);
        Thread.sleep(millis);
        long after = cpuTicks(pid);
        return before < 0 || after < 0 ? -1 : (after - before) * 100.0 / (millis / 10.0);
    }

    /** {@code PREFIX_rss_mb=.. PREFIX_threads=..} for a RESULT line. */
    String fields(String prefix) {
        return prefix + "_rss_mb=" + rssMib + " " + prefix + "_threads=" + threads;
    }
}
