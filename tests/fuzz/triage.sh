#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Says where each finding of a harness lies: replays every artifact under the sanitizers and
# prints the first stack frame outside the sanitizer runtime ("libhdf5" when the fault is inside
# the HDF5 library, the function when it is ours, "no repro" when the input alone does not
# fault), then, for the file harnesses, what the production program does with the same bytes
# (its exit code and the first line it prints on stderr: exit 1 with one error is right).
#   tests/fuzz/triage.sh [-b BUILD_DIR] [-m METABASIN] HARNESS ARTIFACT...
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$root/build-fuzz"
metabasin="$root/build/metabasin"
while getopts "b:m:" opt; do
  case $opt in
    b) build=$(cd "$OPTARG" && pwd) ;;
    m) metabasin=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-m METABASIN] HARNESS ARTIFACT..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { echo "usage: $0 [-b BUILD_DIR] [-m METABASIN] HARNESS ARTIFACT..." >&2; exit 2; }
harness=$1
shift
bin="$build/tests/fuzz/$harness"
[ -x "$bin" ] || { echo "$bin missing: build with the command in tests/fuzz/README.md" >&2; exit 2; }
case $harness in
  fuzz_catalog_file) production=(catalog summary @) ;;  # @: the artifact
  fuzz_inherent_sequence) production=(nadm @ --out nadm-out.h5) ;;
  *) production=() ;;  # the structured harness builds its files from its input
esac
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export METABASIN_FUZZ_TMP="$scratch"
export LSAN_OPTIONS="suppressions=$here/lsan.supp"
export ASAN_OPTIONS="allocator_may_return_null=1"
printf '%-48s %-10s %-44s %s\n' artifact where frame production
for a in "$@"; do
  out=$(timeout 60 "$bin" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 "$a" 2>&1)
  status=$?
  frame=$(printf '%s\n' "$out" | grep -E '^ +#[0-9]+ ' | grep -v -E 'in __(interceptor|asan|sanitizer|ubsan)|in (malloc|calloc|realloc|free|operator new|strdup|strndup|strlen|strnlen|strcmp|strncmp)|in fuzzer::|compiler-rt|libclang_rt|libc\.so|in (gsignal|raise|abort|__libc)|in __(memcpy|memmove|memset)|sysdeps/' | head -1)
  if [ $status -eq 124 ]; then where="hang"; frame="(no return in 60 s)"
  elif [ $status -eq 0 ]; then where="no repro"; frame="-"
  elif [[ $frame == *libhdf5* ]]; then where="libhdf5"; frame=$(sed -E 's/.* in ([^ ]+).*/\1/; s/.*\(.*libhdf5[^+]*\+(0x[0-9a-f]+)\).*/libhdf5+\1/' <<<"$frame")
  elif [ -z "$frame" ]; then where="?"; frame=$(printf '%s\n' "$out" | grep -m1 -E 'ERROR|out-of-memory|deadly' | cut -c1-44)
  else where="ours"; frame=$(sed -E 's/.* in ([^(]+).*/\1/' <<<"$frame" | cut -c1-44)
  fi
  prod="-"
  if [ ${#production[@]} -gt 0 ] && [ -x "$metabasin" ]; then
    words=()
    for w in "${production[@]}"; do [ "$w" = @ ] && words+=("$a") || words+=("$w"); done
    (cd "$scratch" && rm -f nadm-out.h5 && timeout 120 "$metabasin" "${words[@]}" >/dev/null 2>"$scratch/stderr")
    code=$?
    err=$(head -1 "$scratch/stderr")
    prod="exit $code: $(cut -c1-90 <<<"$err")"
  fi
  printf '%-48s %-10s %-44s %s\n' "$(basename "$a")" "$where" "$frame" "$prod"
done
