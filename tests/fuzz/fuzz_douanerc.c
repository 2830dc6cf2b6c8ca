/* fuzz_douanerc: libFuzzer target for douanerc (src/tui/rc.h), the
 * user's key bindings, settings and colours.
 *
 * The bytes are a whole file: each line (split at '\n', NUL bytes left
 * in, as a line read from disk may hold them) goes to rc_line(), the
 * parser rc_load() uses, which needs no terminal.  Bindings accumulate
 * across runs in the one key map; a full map is a refusal like any other. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tui_settings set;
	const uint8_t *p = data, *end = data + size;
	char why[256];

	memset(&set, 0, sizeof set);
	while (p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		char *line = malloc(n + 1);

		if (line == NULL)
			abort();
		memcpy(line, p, n);
		line[n] = '\0';
		why[0] = '\0';
		if (!rc_line(line, &set, why, sizeof why) && why[0] == '\0')
			abort(); /* a refusal always says why */
		free(line);
		p += n + 1;
	}
	return 0;
}
