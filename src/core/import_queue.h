/* import_queue: how the two threads of an import hand subjects over.
 *
 * import.c parses on the calling thread and stores on a second one (see the
 * comment at the top of import.c).  Between them sits a bounded queue of
 * batches:
 *
 *   - a batch holds up to IMPORT_BATCH_SUBJECTS complete subjects, deep
 *     copies whose strings and arrays all live in the batch's arena, so
 *     handing a batch over moves no ownership and storing it frees nothing
 *     piecemeal: the arena is reset (its blocks kept) when the batch comes
 *     back empty;
 *   - IMPORT_QUEUE_BATCHES batches exist, made once per import; the producer
 *     takes an empty one, fills it and puts it on the full list, the
 *     consumer takes full ones in order and gives them back.  When all are
 *     full the producer waits, so memory is bounded by the batches and
 *     their arenas whatever the size of the file;
 *   - either side can end the exchange: the producer closes the queue when
 *     it has nothing more (the consumer drains what is left, then sees the
 *     end), the consumer stops it when it cannot go on (the producer's next
 *     wait returns at once and it gives up).
 *
 * One mutex and one condition variable serve both directions: there are
 * only two threads, and each waits at most once per batch.
 */
#ifndef DOUANE_IMPORT_QUEUE_H
#define DOUANE_IMPORT_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "subject.h"

#define IMPORT_BATCH_SUBJECTS 256
#define IMPORT_QUEUE_BATCHES 4

/* --- Arena ---------------------------------------------------------------- */

struct import_arena_block;

struct import_arena {
	struct import_arena_block *head; /* every block, in order */
	struct import_arena_block *cur;  /* the one being filled */
};

void import_arena_init(struct import_arena *a);
void import_arena_reset(struct import_arena *a); /* forget the contents, keep the memory */
void import_arena_free(struct import_arena *a);

/* SIZE bytes aligned for any object, or NULL when out of memory.  */
void *import_arena_alloc(struct import_arena *a, size_t size);

/* Copy the LEN bytes at S and a terminating NUL; NULL when out of memory.  */
char *import_arena_strndup(struct import_arena *a, const char *s, size_t len);

/* A deep copy of SRC into DST, every string and array in A.  DST must not be
 * given to subject_clear(): the arena owns what it points to.  */
bool import_subject_copy(struct import_arena *a, struct subject *dst, const struct subject *src);

/* --- Batches and the queue ------------------------------------------------- */

struct import_batch {
	size_t n;
	struct import_arena arena;
	struct subject subjects[IMPORT_BATCH_SUBJECTS];
	long lines[IMPORT_BATCH_SUBJECTS]; /* where each one starts in the file */
};

struct import_queue {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct import_batch *batches[IMPORT_QUEUE_BATCHES]; /* all of them, for freeing */
	struct import_batch *empty[IMPORT_QUEUE_BATCHES];   /* a stack */
	size_t n_empty;
	struct import_batch *full[IMPORT_QUEUE_BATCHES]; /* a ring, oldest at first_full */
	size_t first_full, n_full;
	bool closed;  /* the producer has put its last batch */
	bool stopped; /* the consumer takes no more */
};

/* False when out of memory (or the mutex cannot be made).  */
bool import_queue_init(struct import_queue *q);
void import_queue_destroy(struct import_queue *q);

/* Producer: an empty batch, or NULL once the consumer has stopped.  */
struct import_batch *import_queue_take_empty(struct import_queue *q);
void import_queue_put_full(struct import_queue *q, struct import_batch *b);
void import_queue_close(struct import_queue *q);

/* Consumer: the oldest full batch, or NULL once the queue is closed and
 * drained.  */
struct import_batch *import_queue_take_full(struct import_queue *q);
void import_queue_put_empty(struct import_queue *q, struct import_batch *b);
void import_queue_stop(struct import_queue *q);

#endif
