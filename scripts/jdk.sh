# shellcheck shell=bash
# Source this file (". scripts/jdk.sh") to get a JDK 21 or newer on PATH.
#
# It keeps JAVA_HOME when that is a JDK >= 21, otherwise picks the newest JDK >= 21 under
# /usr/lib/jvm (and /opt/java, ~/.sdkman/candidates/java). It exports JAVA_HOME and puts
# $JAVA_HOME/bin first on PATH. It also adds to MAVEN_OPTS: -Xmx1536m unless an -Xmx is there,
# and on JDK 24+ --sun-misc-unsafe-memory-access=allow (silences Maven 3.8's Guava warning).
# On failure it prints why and returns non-zero; it never exits the shell that sourced it.

OFFLINE_SYNC_MIN_JDK=${OFFLINE_SYNC_MIN_JDK:-21}

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
offline_sync_jdk_major() {
  local home=$1 line ver
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  line=$("$home/bin/java" -version 2>&1 | grep -m1 -E 'version "') || return 1
  ver=${line#*version \"}
  ver=${ver%%\"*}
  case $ver in
    1.*) ver=${ver#1.} ;;
  esac
  ver=${ver%%[!0-9]*}
  [ -n "$ver" ] || return 1
  printf '%s\n' "$ver"
}

offline_sync_pick_jdk() {
  local min=$OFFLINE_SYNC_MIN_JDK candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(offline_sync_jdk_major "$JAVA_HOME") || major=0
    if [ "$major" -ge "$min" ]; then
      best=$JAVA_HOME
      best_major=$major
    else
      echo "jdk.sh: JAVA_HOME=$JAVA_HOME is not a JDK $min or newer (found: ${major/#0/none}); looking for another" >&2
    fi
  fi
  if [ -z "$best" ]; then
    for candidate in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
      [ -d "$candidate" ] || continue
      major=$(offline_sync_jdk_major "$candidate") || continue
      if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
        best=$candidate
        best_major=$major
      fi
    done
  fi
  if [ -z "$best" ]; then
    echo "jdk.sh: this project needs JDK $min or newer; set JAVA_HOME to one (for example" \
         "JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64) or install one under /usr/lib/jvm" >&2
    return 1
  fi
  JAVA_HOME=$(cd "$best" && pwd -P)
  export JAVA_HOME
  OFFLINE_SYNC_JDK_MAJOR=$best_major
  export OFFLINE_SYNC_JDK_MAJOR
  # Maven's own heap is capped too (the forked test JVMs have theirs in the root pom).
  case " ${MAVEN_OPTS:-} " in
    *" -Xmx"*) ;;
    *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Xmx1536m"; export MAVEN_OPTS ;;
  esac
  # Maven 3.8's bundled Guava uses sun.misc.Unsafe, which JDK 24+ warns about on every run.
  if [ "$best_major" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *" --sun-misc-unsafe-memory-access="*) ;;
      *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"; export MAVEN_OPTS ;;
    esac
  fi
  case ":$PATH:" in
    "$JAVA_HOME/bin:"*) ;;
    *) PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  export PATH
  return 0
}

offline_sync_pick_jdk
