/* queue_gen: a seeded queue of N subjects, written through the store API.
 *
 * For the interface's tests (tests/tui/queue-fill.c) and its benchmark
 * (bench/bench_tui.c): subjects of every kind, lane, status and of three
 * crossings, with scores, arrivals over a few days, and names in many
 * scripts, Chinese and Korean (two columns a character), Arabic, Cyrillic,
 * and letters with combining accents (no column), so that alignment is
 * exercised.  The same N and SEED give the same queue; no XML is parsed,
 * so a million subjects take seconds, not minutes.
 */
#ifndef DOUANE_TESTS_QUEUE_GEN_H
#define DOUANE_TESTS_QUEUE_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "store.h"
#include "subject.h"

static const char *const queue_gen_names[] = {
	"Dupont Import SARL",
	"王小明",
	"上海东方进出口公司",
	"김민준",
	"محمد عبد الله",
	"Иван Петров",
	"ООО «Северный Путь»",
	"Zoe\xcc\x88 Lefe\xcc\x80vre",   /* e + combining diaeresis, e + grave */
	"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", /* stacked combining marks */
	"Αλέξανδρος Νικολάου",
	"Müller & Söhne GmbH",
	"Giorgi Beridze",
};

static const char *const queue_gen_crossings[] = {"FRSXB", "DEKEH", "ESIRN"};
static const char *const queue_gen_countries[] = {"CN", "FR", "DE", "RU", "TR", "UA", "KR", "EG"};

static inline uint32_t
queue_gen_next(uint64_t *state)
{
	/* splitmix64: small, seeded, the same everywhere.  */
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

/* Add N subjects to ST (in one transaction per 10,000).  */
static inline enum diag_status
queue_gen_fill(struct store *st, long n, uint64_t seed, struct diag *d)
{
	static const char *const prefix[] = {"", "CN", "TR", "VH"};
	uint64_t state = seed;
	enum diag_status rc = DIAG_OK;

	for (long i = 0; i < n && rc == DIAG_OK; i++) {
		struct subject s;
		char ref[32], arrival[32];
		uint32_t r = queue_gen_next(&state);
		enum subject_kind kind = (enum subject_kind)(1 + r % 3);
		unsigned lane_draw = (r >> 2) % 100;
		unsigned minutes = (unsigned)(i * 7 + (r >> 8) % 5) % (3 * 24 * 60);
		const char *name = queue_gen_names[(r >> 12) % (sizeof queue_gen_names /
								 sizeof queue_gen_names[0])];

		if (i % 10000 == 0 && (rc = store_begin(st, d)) != DIAG_OK)
			break;
		subject_init(&s, kind);
		snprintf(ref, sizeof ref, "%s-%07ld", prefix[kind], i + 1);
		snprintf(arrival, sizeof arrival, "2026-11-%02uT%02u:%02u:00Z", 24 + minutes / 1440,
			 minutes / 60 % 24, minutes % 60);
		s.ref = subject_strdup(ref);
		s.arrival = subject_strdup(arrival);
		s.mode = subject_strdup(kind == SUBJECT_CONSIGNMENT ? "road" : "foot");
		s.crossing = subject_strdup(queue_gen_crossings[(r >> 16) % 3]);
		s.lane = lane_draw < 5    ? LANE_RED
			 : lane_draw < 20 ? LANE_YELLOW
			 : lane_draw < 80 ? LANE_GREEN
					  : LANE_NONE;
		s.score = s.lane == LANE_NONE ? 0 : (int)((r >> 20) % 100);
		s.status = (r >> 27) % 8 == 0 ? STATUS_DONE
			   : (r >> 27) % 8 == 1 ? STATUS_IN_PROGRESS
						: STATUS_EXPECTED;
		if (kind == SUBJECT_CONSIGNMENT) {
			struct party *p = subject_add_party(&s);
			struct goods_item *g = subject_add_item(&s);

			if (p == NULL || g == NULL) {
				subject_clear(&s);
				rc = diag_set(d, DIAG_SOFTWARE, NULL, 0, "out of memory");
				break;
			}
			p->role = subject_strdup("consignee");
			p->name = subject_strdup(name);
			g->seq = 1;
			g->hs_code = subject_strdup("851712");
			g->description = subject_strdup("Telephones");
			g->gross_mass = g->net_mass = g->value = -1;
			subject_add_route(&s, queue_gen_countries[(r >> 5) % 8]);
			subject_add_route(&s, queue_gen_countries[(r >> 9) % 8]);
		} else {
			s.name = subject_strdup(name);
			s.nationality = subject_strdup(queue_gen_countries[(r >> 5) % 8]);
			if (kind == SUBJECT_VEHICLE)
				s.plate = subject_strdup("AB-123-CD");
		}
		rc = store_subject_put(st, &s, 0, false, d);
		subject_clear(&s);
		if (rc == DIAG_OK && (i % 10000 == 9999 || i == n - 1))
			rc = store_commit(st, d);
	}
	if (rc != DIAG_OK)
		store_rollback(st);
	return rc;
}

#endif
