# tap.sh: sourced by shell tests to speak TAP.
#   tap_check DESCRIPTION COMMAND...   ok when COMMAND succeeds
#   tap_status WANT DESCRIPTION COMMAND...  ok when COMMAND exits WANT
#   tap_done                            print the plan and exit
# Each test runs in a private directory $T, removed at the end.
tap_n=0
tap_failed=0
T=$(mktemp -d "${TMPDIR:-/tmp}/douane-sh-XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99

tap_result() { # STATUS(0 ok) DESCRIPTION [DETAIL]
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
		[ -n "$3" ] && printf '%s\n' "$3" | sed 's/^/# /'
	fi
}

tap_check() {
	desc=$1; shift
	out=$("$@" 2>&1); rc=$?
	tap_result $rc "$desc" "$out"
}

tap_status() {
	want=$1; desc=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -eq "$want" ]; then tap_result 0 "$desc"
	else tap_result 1 "$desc (exit $rc, wanted $want)" "$out"; fi
}

tap_skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $1"
}

tap_done() {
	echo "1..$tap_n"
	exit 0
}

# tap_vault PATH: create a vault at PATH whose one user, "tester" (an
# admin), has the cheapest key slot, and print the path of a douane wrapper
# that signs in as tester (passphrase on fd 3, never in argv).  Tests that
# are not about the vault use the wrapper as they would douane.
tap_vault() {
	printf 'tester passphrase\n' >"$T/.tester-pass"
	cat >"$T/douane-as-tester" <<WRAP
#!/bin/sh
exec "$DOUANE" --user tester --passphrase-fd 3 "\$@" 3<"$T/.tester-pass"
WRAP
	chmod +x "$T/douane-as-tester"
	"$T/douane-as-tester" --vault "$1" -q init --kdf min >/dev/null || return 1
	echo "$T/douane-as-tester"
}
