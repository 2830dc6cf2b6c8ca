/* fuzz_wl_ofac_csv: libFuzzer target for OFAC's legacy CSV set (see
 * fuzz.h).
 *
 * The set is four files; the bytes hold them one after the other,
 * separated by NUL bytes: primary, alt, add, then comments (absent when
 * there is no third NUL; further NULs belong to the comments file).  A NUL
 * is never valid in the set (the reader refuses control characters), so no
 * input the reader could take is out of reach.  Each file gets a buffer of
 * exactly its length, as the importer's, so that reading past its end is
 * caught.  The sniff that detects the format runs on the primary file, and
 * the parity of the size says which list (SDN or consolidated) it is.  */
#include "config.h"

#include "fuzz.h"

/* A copy of the LEN bytes at P in a buffer of its own, never NULL (the
 * importer's buffers are not, even for an empty file).  */
static char *
fuzz_part(const uint8_t *p, size_t len)
{
	char *b = malloc(len ? len : 1);

	if (b == NULL)
		abort();
	if (len)
		memcpy(b, p, len);
	return b;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[4] = {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"};
	struct fuzz_wl w = {false};
	struct wl_sink k = FUZZ_WL_SINK(&w);
	struct wl_csv_set set;
	struct wl_csv_file *files[4] = {&set.primary, &set.alt, &set.add, &set.comments};
	const uint8_t *p = data, *end = data + size;
	const char *source = size % 2 ? WL_SOURCE_OFAC_CONS : WL_SOURCE_OFAC_SDN;
	struct diag d;

	memset(&set, 0, sizeof set);
	for (int i = 0; i < 4; i++)
		files[i]->path = names[i];
	for (int i = 0; i < 4; i++) {
		const uint8_t *nul = i < 3 && p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		const uint8_t *stop = nul ? nul : end;

		files[i]->data = fuzz_part(p, (size_t)(stop - p));
		files[i]->len = (size_t)(stop - p);
		if (nul == NULL) {
			/* No more parts: alt and add are empty, comments
			 * absent.  */
			for (int j = i + 1; j < 3; j++)
				files[j]->data = fuzz_part(NULL, 0);
			break;
		}
		p = nul + 1;
	}
	(void)wl_ofac_csv_sniff(set.primary.data, set.primary.len);
	diag_clear(&d);
	fuzz_check_status(wl_ofac_csv_read(&set, source, &k, &d), &d);
	for (int i = 0; i < 4; i++)
		free(files[i]->data);
	return 0;
}
