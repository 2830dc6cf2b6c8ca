#!/bin/sh
# The core never draws: no file under src/core includes a curses header, and
# the interface and the command run no SQL of their own.
. "$top_srcdir/tests/tap.sh"
curses_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](ncursesw?/)?(n?curses|form|menu|panel|term)\.h[>"]'

# The pattern itself: it must see every way of including curses, and nothing else.
printf '#include <curses.h>\n' >a.c
printf '#  include "ncursesw/curses.h"\n' >b.c
printf '#include <panel.h>\n' >c.c
printf '#include "formats/xml.h"\n#include <term_io.h>\n' >d.c
[ "$(grep -lE "$curses_re" a.c b.c c.c d.c | tr '\n' ' ')" = "a.c b.c c.c " ]
tap_result $? "the check recognises curses includes and only them"

hits=$(grep -rlE "$curses_re" "$top_srcdir/src/core")
[ -z "$hits" ]; tap_result $? "src/core includes no curses header" "$hits"

sql=$(grep -rlE 'sqlite3_|#[[:space:]]*include[[:space:]]*<sqlite3\.h>' "$top_srcdir/src/tui" "$top_srcdir/src/cli")
[ -z "$sql" ]; tap_result $? "src/tui and src/cli call no SQLite" "$sql"
tap_done
