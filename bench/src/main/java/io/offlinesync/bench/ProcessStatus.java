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

    /** {@code PREFIX_rss_mb=.. PREFIX_threads=..} for a RESULT line. */
    String fields(String prefix) {
        return prefix + "_rss_mb=" + rssMib + " " + prefix + "_threads=" + threads;
    }
}
