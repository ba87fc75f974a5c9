# Sourced by bench/run.sh: where the machine's CPU went during one benchmark, read from /proc (no profiler, so
# nothing is perturbed and nothing is sampled away: JFR samples a few threads per period and no native code).
#   cpu_split start NAME   remembers every thread's CPU time of every part of the stack
#   cpu_split end NAME     prints RESULT cpu-parts (cores per part: kafka, services, registry, ...; total: theirs;
#                          load: the benchmark's own processes, its load generator's JVM (which runs a replay) and
#                          the pipes behind it; machine: every process and the kernel's work, from /proc/stat) and
#                          RESULT cpu-threads (cores per kind of thread of the parts that run the services), and
#                          RESULT cpu-waits (for the same kinds: how many of their threads, on average, were ready
#                          to run but waited for a core: /proc's schedstat; a figure near a kind's own cores says
#                          it got half the CPU it asked for)
# A core is one second of CPU per second of the benchmark's wall time (`nproc` says how many the machine has).
# Thread kinds come from the kernel's thread names (Java's, cut to 15 characters): the Kafka Streams stream threads
# by application, their producers' network threads, the garbage collector, RocksDB's flush and compaction, the JIT,
# the HTTP threads (Tomcat's, and the carriers of the virtual threads that serve requests), and the rest.

CPU_TICKS=$(getconf CLK_TCK 2>/dev/null || echo 100)

# cpu_threads: "part tid ticks comm waited_ns" for every thread of every running part (comm without spaces)
cpu_threads() {
  local part pid t stat comm sched
  while read -r part pid; do
    for t in /proc/"$pid"/task/*; do
      # the thread may have ended; schedstat (run-queue time) needs a kernel with schedstats
      { read -r stat <"$t/stat" && read -r comm <"$t/comm"; } 2>/dev/null || continue
      { read -r sched <"$t/schedstat"; } 2>/dev/null || sched="0 0"
      sched=${sched#* }
      stat=${stat##*) } # the fields after the name, which may itself hold spaces: state is the first
      # shellcheck disable=SC2086
      set -- $stat
      echo "$part ${t##*/} $((${12} + ${13})) ${comm// /_} ${sched%% *}"
    done
  done < <(stack_parts)
}

# cpu_machine: "machine - TICKS busy" summed over all cores (/proc/stat: every field but idle and iowait)
cpu_machine() {
  local cpu user nice system idle iowait irq softirq steal rest
  read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
  echo "machine - $((user + nice + system + irq + softirq + steal)) -"
}

# cpu_load SHELL: "load SHELL TICKS -", the CPU of the children SHELL has waited for (/proc's cutime and cstime): the
# load generator counts once it has ended, so `start` must run in the shell that then runs and waits for it
cpu_load() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- "$1" $stat
  echo "load $1 $((${15} + ${16})) -"
}

cpu_split() {
  local file="$OUT/cpu-$2" shell
  if [ "$1" = start ]; then
    { date +%s%N; cpu_machine; cpu_load "$BASHPID"; cpu_threads; } >"$file.start"
    return 0
  fi
  [ -f "$file.start" ] || return 0
  # `end` may run in a pipeline's subshell: the shell that ran the load generator is the one `start` recorded
  shell=$(awk '$1 == "load" { print $2 }' "$file.start")
  { date +%s%N; cpu_machine; [ -z "$shell" ] || cpu_load "$shell"; cpu_threads; } >"$file.end"
  awk -v ticks="$CPU_TICKS" -v name="$2" '
    FNR == 1 { if (FILENAME ~ /start$/) t0 = $1; else t1 = $1; next }
    FILENAME ~ /start$/ { before[$1 " " $2] = $3; waited[$1 " " $2] = $5; next }
    {
      used = ($3 - (($1 " " $2) in before ? before[$1 " " $2] : 0)) / ticks
      wait = ($5 - (($1 " " $2) in waited ? waited[$1 " " $2] : 0)) / 1e9
      if ($1 == "machine") { machine = used; next }
      if ($1 == "load") { load = used; next }
      parts[$1] += used
      if ($1 != "services" && $1 !~ /^(ingest-gateway|projector-streams|query-api)/) next
      c = $4
      if (c ~ /^todo-sequencer/) k = "stream-sequencer"
      else if (c ~ /^todo-query-api/) k = "stream-query-api"
      else if (c ~ /^todo-projection/) k = "stream-projections"
      else if (c ~ /^kafka-producer/) k = "producers"
      else if (c ~ /^(G1_|GC_Thread|G1 |VM_Periodic)/) k = "gc"
      else if (c ~ /^rocksdb/) k = "rocksdb"
      else if (c ~ /^C[12]_Compiler/) k = "jit"
      else if (c ~ /^(tomcat|http-nio|ForkJoinPool)/) k = "http" # Tomcat and the carriers of its virtual threads
      else k = "other"
      kinds[k] += used
      waits[k] += wait
    }
    END {
      secs = (t1 - t0) / 1e9
      if (secs <= 0) exit
      line = sprintf("RESULT cpu-parts name=%s seconds=%.1f", name, secs)
      for (p in parts) { line = line sprintf(" %s=%.2f", p, parts[p] / secs); total += parts[p] }
      print line sprintf(" total=%.2f load=%.2f machine=%.2f", total / secs, load / secs, machine / secs)
      line = sprintf("RESULT cpu-threads name=%s", name)
      n = split("stream-sequencer stream-projections stream-query-api producers gc rocksdb jit http other", order, " ")
      for (i = 1; i <= n; i++) line = line sprintf(" %s=%.2f", order[i], kinds[order[i]] / secs)
      print line
      line = sprintf("RESULT cpu-waits name=%s", name)
      for (i = 1; i <= n; i++) line = line sprintf(" %s=%.2f", order[i], waits[order[i]] / secs)
      print line
    }' "$file.start" "$file.end"
  rm -f "$file.start" "$file.end"
}
