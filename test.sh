#!/bin/sh
# The whole test suite, from a fresh clone: dependencies, a -Werror build and
# make check, a sanitizer build and make check, each reader's fuzz target
# for 20 seconds (make fuzz), make distcheck.
set -eu
cd "$(dirname "$0")"
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
.ci/install-deps
./autogen.sh >/dev/null 2>&1 || { ./autogen.sh; exit 1; }

run_suite() { # NAME CONFIGURE-ARGS...
	name=$1; shift
	echo "=== $name: configure $*"
	rm -rf "build-$name"; mkdir "build-$name"; cd "build-$name"
	"$top/configure" "$@" >configure.out 2>&1 || { cat configure.out; exit 1; }
	make -j"$jobs" >make.out 2>&1 || { cat make.out; exit 1; }
	if ! make -j"$jobs" check; then
		find . -name '*.log' -path '*tests*' -exec grep -l -E '^(not ok|ERROR|FAIL)' {} + |
			while read -r f; do echo "--- $f"; cat "$f"; done
		exit 1
	fi
	cd "$top"
}

run_suite werror --enable-werror
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	run_suite sanitizers --enable-werror --enable-sanitizers
echo "=== fuzz: each reader's libFuzzer target, 20 s"
cd build-werror
make fuzz FUZZ_SECONDS=20 || exit 1
echo "=== distcheck"
make -j"$jobs" distcheck >distcheck.out 2>&1 || { tail -80 distcheck.out; exit 1; }
tail -4 distcheck.out
