## I/O faults: the vault's VFS shim compiled again with fault injection
## (src/core/vault_vfs_fault.h) into the test program only, so that no
## installed program has the hook.  The test's own copy of vault_vfs.o
## comes before libdouane.a on the link line, so the library's copy is
## never pulled in.  make check tries every fault point.
check_PROGRAMS += tests/test_faults
tests_test_faults_SOURCES = tests/test_faults.c tests/testutil.h \
	src/core/vault_vfs.c src/core/vault_vfs_fault.h
tests_test_faults_CFLAGS = $(TEST_CORE_CFLAGS) $(CRYPTO_CFLAGS) -DDOUANE_FAULT_INJECTION
tests_test_faults_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_faults

