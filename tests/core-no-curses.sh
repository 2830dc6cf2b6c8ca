#!/bin/sh
# The core never draws: no file under src/core includes a curses header.
top=${top_srcdir:-.}
echo "1..2"
hits=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|form|menu|panel|term)\.?h?' \
	"$top/src/core" 2>/dev/null)
if [ -z "$hits" ]; then
	echo "ok 1 - src/core includes no curses header"
else
	echo "not ok 1 - src/core includes curses: $hits"
fi
# And the TUI runs no SQL of its own: no sqlite3 calls outside the core.
sql=$(grep -rlE 'sqlite3_|#[[:space:]]*include[[:space:]]*<sqlite3\.h>' "$top/src/tui" "$top/src/cli" 2>/dev/null)
if [ -z "$sql" ]; then
	echo "ok 2 - src/tui and src/cli call no SQLite"
else
	echo "not ok 2 - SQLite used outside the core: $sql"
fi
