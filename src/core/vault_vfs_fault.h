/* vault_vfs_fault: I/O fault injection in the vault's VFS shim, for tests.
 *
 * Exists only in test builds: vault_vfs.c compiled with
 * -DDOUANE_FAULT_INJECTION (tests/faults.mk does it for the programs that
 * need it).  The library every installed program links has no hook, so
 * nothing outside the tests can make the shim fail on purpose; this
 * header refuses to be included elsewhere.
 *
 * The hook is called before every read, write, sync and truncate of a
 * vault's database file or WAL, with the operation and whether the file
 * is the WAL.  It returns SQLITE_OK to let the operation proceed, or the
 * SQLite result code the operation fails with instead: SQLITE_FULL for a
 * full disk (ENOSPC), SQLITE_IOERR_READ / _WRITE / _FSYNC / _TRUNCATE for
 * a failing one (EIO).
 */
#ifndef DOUANE_VAULT_VFS_FAULT_H
#define DOUANE_VAULT_VFS_FAULT_H

#ifndef DOUANE_FAULT_INJECTION
#error "vault_vfs_fault.h is for test builds (-DDOUANE_FAULT_INJECTION) only"
#endif

#include <stdbool.h>

enum vault_vfs_fault_op {
	VAULT_VFS_FAULT_READ,
	VAULT_VFS_FAULT_WRITE,
	VAULT_VFS_FAULT_SYNC,
	VAULT_VFS_FAULT_TRUNCATE,
};

typedef int (*vault_vfs_fault_fn)(void *ctx, enum vault_vfs_fault_op op, bool wal);

/* Install FN (NULL: none) with CTX.  Not thread-safe: set it while no
 * other thread uses a vault.  */
void vault_vfs_set_fault_hook(vault_vfs_fault_fn fn, void *ctx);

#endif
