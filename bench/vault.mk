## The vault benchmark: a mixed workload on plain SQLite, on the vault and on
## SQLCipher, with the ratios DESIGN.md sets targets for.  bench_sqlcipher
## links Debian's libsqlcipher-dev, which douane itself never needs: it is an
## EXTRA program, built only by "make bench-vault" (and skipped, with a
## note in the output, when SQLCipher is not installed).
noinst_PROGRAMS += bench/bench_vault
bench_bench_vault_SOURCES = bench/bench_vault.c bench/bench_vault_workload.h
bench_bench_vault_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(SODIUM_CFLAGS)
bench_bench_vault_LDADD = $(DOUANE_CORE_LIBS)

EXTRA_PROGRAMS = bench/bench_sqlcipher
bench_bench_sqlcipher_SOURCES = bench/bench_sqlcipher.c bench/bench_vault_workload.h
bench_bench_sqlcipher_CFLAGS = $(AM_CFLAGS) -DSQLITE_HAS_CODEC
bench_bench_sqlcipher_LDADD = -lsqlcipher
CLEANFILES += bench/bench_sqlcipher$(EXEEXT)

bench: bench-vault
bench-vault: bench/bench_vault$(EXEEXT)
	-@$(MAKE) $(AM_MAKEFLAGS) bench/bench_sqlcipher$(EXEEXT) >/dev/null 2>&1 || \
		echo "bench-vault: SQLCipher not available; its column is skipped"
	./bench/bench_vault --sqlcipher ./bench/bench_sqlcipher$(EXEEXT)

.PHONY: bench-vault
