/* import_queue: the arena, the batches and the queue between an import's
 * two threads (see import_queue.h).
 *
 * The arena is a list of blocks filled front to back; a request that does
 * not fit in what is left of the current block moves on to the next one,
 * and when there is none a new block is added, IMPORT_ARENA_BLOCK bytes or
 * the request's size if larger.  Resetting rewinds to the first block and
 * keeps them all, so after the first few batches an import allocates
 * nothing more for its subjects.
 *
 * A subject is copied field by field: when struct subject gains a field,
 * import_subject_copy() must learn it too (tests/test_import.c compares
 * what was stored with what the file says, so a forgotten one shows).
 */
#include "config.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "import_queue.h"

#define IMPORT_ARENA_BLOCK (64 * 1024)
#define IMPORT_ARENA_ALIGN (alignof(max_align_t))

struct import_arena_block {
	struct import_arena_block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

/* --- Arena ---------------------------------------------------------------- */

void
import_arena_init(struct import_arena *a)
{
	a->head = a->cur = NULL;
}

void
import_arena_reset(struct import_arena *a)
{
	for (struct import_arena_block *b = a->head; b != NULL; b = b->next)
		b->used = 0;
	a->cur = a->head;
}

void
import_arena_free(struct import_arena *a)
{
	struct import_arena_block *b = a->head, *next;

	for (; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = a->cur = NULL;
}

void *
import_arena_alloc(struct import_arena *a, size_t size)
{
	struct import_arena_block *b, *prev = NULL;

	size = (size + IMPORT_ARENA_ALIGN - 1) & ~(IMPORT_ARENA_ALIGN - 1);
	for (b = a->cur; b != NULL; prev = b, b = b->next) {
		if (b->size - b->used >= size) {
			void *p = b->data + b->used;

			b->used += size;
			a->cur = b;
			return p;
		}
	}
	/* None of the blocks from the current one on has room: add one at
	 * the end of the list.  */
	if (size > SIZE_MAX / 2)
		return NULL;
	b = malloc(sizeof *b + (size > IMPORT_ARENA_BLOCK ? size : IMPORT_ARENA_BLOCK));
	if (b == NULL)
		return NULL;
	b->next = NULL;
	b->size = size > IMPORT_ARENA_BLOCK ? size : IMPORT_ARENA_BLOCK;
	b->used = size;
	if (prev == NULL) {
		/* a->cur was NULL: empty arena, or the end of the list.  */
		struct import_arena_block **tail = &a->head;

		while (*tail != NULL)
			tail = &(*tail)->next;
		*tail = b;
	} else {
		prev->next = b;
	}
	a->cur = b;
	return b->data;
}

char *
import_arena_strndup(struct import_arena *a, const char *s, size_t len)
{
	char *p = import_arena_alloc(a, len + 1);

	if (p != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* --- Copying a subject ---------------------------------------------------- */

static bool
copy_str(struct import_arena *a, char **dst, const char *src)
{
	if (src == NULL) {
		*dst = NULL;
		return true;
	}
	*dst = import_arena_strndup(a, src, strlen(src));
	return *dst != NULL;
}

/* Room for N elements of SIZE in *DST (NULL when N is 0).  */
static bool
copy_array(struct import_arena *a, void *dst_p, const void *src, size_t n, size_t size)
{
	void **dst = dst_p;

	*dst = NULL;
	if (n == 0)
		return true;
	if ((*dst = import_arena_alloc(a, n * size)) == NULL)
		return false;
	memcpy(*dst, src, n * size);
	return true;
}

bool
import_subject_copy(struct import_arena *a, struct subject *dst, const struct subject *src)
{
	*dst = *src;
	if (!copy_str(a, &dst->ref, src->ref) || !copy_str(a, &dst->mode, src->mode) ||
	    !copy_str(a, &dst->arrival, src->arrival) ||
	    !copy_str(a, &dst->crossing, src->crossing) ||
	    !copy_str(a, &dst->conveyance, src->conveyance) ||
	    !copy_str(a, &dst->conveyance_nationality, src->conveyance_nationality) ||
	    !copy_str(a, &dst->name, src->name) || !copy_str(a, &dst->birth_date, src->birth_date) ||
	    !copy_str(a, &dst->nationality, src->nationality) ||
	    !copy_str(a, &dst->doc_type, src->doc_type) ||
	    !copy_str(a, &dst->doc_number, src->doc_number) ||
	    !copy_str(a, &dst->doc_country, src->doc_country) ||
	    !copy_str(a, &dst->plate, src->plate) ||
	    !copy_str(a, &dst->plate_country, src->plate_country))
		return false;

	if (!copy_array(a, &dst->parties, src->parties, src->n_parties, sizeof *src->parties))
		return false;
	for (size_t i = 0; i < src->n_parties; i++) {
		struct party *p = &dst->parties[i];
		const struct party *q = &src->parties[i];

		if (!copy_str(a, &p->role, q->role) || !copy_str(a, &p->name, q->name) ||
		    !copy_str(a, &p->country, q->country) ||
		    !copy_str(a, &p->address, q->address) || !copy_str(a, &p->ident, q->ident))
			return false;
	}
	if (!copy_array(a, &dst->items, src->items, src->n_items, sizeof *src->items))
		return false;
	for (size_t i = 0; i < src->n_items; i++) {
		struct goods_item *p = &dst->items[i];
		const struct goods_item *q = &src->items[i];

		if (!copy_str(a, &p->hs_code, q->hs_code) ||
		    !copy_str(a, &p->description, q->description) ||
		    !copy_str(a, &p->origin, q->origin) ||
		    !copy_str(a, &p->package_kind, q->package_kind) ||
		    !copy_str(a, &p->currency, q->currency))
			return false;
	}
	if (!copy_array(a, &dst->containers, src->containers, src->n_containers,
	                sizeof *src->containers))
		return false;
	for (size_t i = 0; i < src->n_containers; i++)
		if (!copy_str(a, &dst->containers[i].number, src->containers[i].number) ||
		    !copy_str(a, &dst->containers[i].seal, src->containers[i].seal))
			return false;
	if (!copy_array(a, &dst->route, src->route, src->n_route, sizeof *src->route))
		return false;
	for (size_t i = 0; i < src->n_route; i++)
		if (!copy_str(a, &dst->route[i], src->route[i]))
			return false;
	if (!copy_array(a, &dst->findings, src->findings, src->n_findings, sizeof *src->findings))
		return false;
	for (size_t i = 0; i < src->n_findings; i++)
		if (!copy_str(a, &dst->findings[i].code, src->findings[i].code) ||
		    !copy_str(a, &dst->findings[i].detail, src->findings[i].detail))
			return false;
	return true;
}

/* --- The queue ------------------------------------------------------------ */

bool
import_queue_init(struct import_queue *q)
{
	memset(q, 0, sizeof *q);
	if (pthread_mutex_init(&q->lock, NULL) != 0)
		return false;
	if (pthread_cond_init(&q->changed, NULL) != 0) {
		pthread_mutex_destroy(&q->lock);
		return false;
	}
	for (size_t i = 0; i < IMPORT_QUEUE_BATCHES; i++) {
		struct import_batch *b = malloc(sizeof *b);

		if (b == NULL) {
			import_queue_destroy(q);
			return false;
		}
		b->n = 0;
		import_arena_init(&b->arena);
		q->batches[i] = b;
		q->empty[q->n_empty++] = b;
	}
	return true;
}

void
import_queue_destroy(struct import_queue *q)
{
	for (size_t i = 0; i < IMPORT_QUEUE_BATCHES; i++) {
		if (q->batches[i] != NULL) {
			import_arena_free(&q->batches[i]->arena);
			free(q->batches[i]);
			q->batches[i] = NULL;
		}
	}
	pthread_cond_destroy(&q->changed);
	pthread_mutex_destroy(&q->lock);
}

struct import_batch *
import_queue_take_empty(struct import_queue *q)
{
	struct import_batch *b = NULL;

	pthread_mutex_lock(&q->lock);
	while (!q->stopped && q->n_empty == 0)
		pthread_cond_wait(&q->changed, &q->lock);
	if (!q->stopped)
		b = q->empty[--q->n_empty];
	pthread_mutex_unlock(&q->lock);
	if (b != NULL) {
		b->n = 0;
		import_arena_reset(&b->arena);
	}
	return b;
}

void
import_queue_put_full(struct import_queue *q, struct import_batch *b)
{
	pthread_mutex_lock(&q->lock);
	q->full[(q->first_full + q->n_full++) % IMPORT_QUEUE_BATCHES] = b;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

void
import_queue_close(struct import_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

struct import_batch *
import_queue_take_full(struct import_queue *q)
{
	struct import_batch *b = NULL;

	pthread_mutex_lock(&q->lock);
	while (q->n_full == 0 && !q->closed)
		pthread_cond_wait(&q->changed, &q->lock);
	if (q->n_full > 0) {
		b = q->full[q->first_full];
		q->first_full = (q->first_full + 1) % IMPORT_QUEUE_BATCHES;
		q->n_full--;
	}
	pthread_mutex_unlock(&q->lock);
	return b;
}

void
import_queue_put_empty(struct import_queue *q, struct import_batch *b)
{
	pthread_mutex_lock(&q->lock);
	q->empty[q->n_empty++] = b;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

void
import_queue_stop(struct import_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->stopped = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}
