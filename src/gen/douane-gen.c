/* douane-gen: write a realistic douane manifest (doc/formats.md) of N
 * subjects, for demo data, tests and benchmarks.
 *
 * Reproducible.  Every random choice comes from one xoshiro256** generator
 * seeded through splitmix64 from --seed; no rand(), no clock, no address, no
 * libm (the few logarithms and exponentials are computed here with plain
 * IEEE arithmetic), so the same seed and options give the same bytes.
 *
 * Streaming.  Subjects are written one after the other straight to the
 * output; nothing grows with --count, so a million subjects take as little
 * memory as ten.  Arrival times are increasing: subject I of N sits at the
 * point I/N of the day's traffic curve (busier by day than by night).
 *
 * Realism, within reason:
 *  - goods are real HS 2022 subheadings from the compiled-in table (ref.h),
 *    drawn by "profile": a chapter or heading with a weight, a value per
 *    kilogram range and the kinds of packages it travels in.  Common trade
 *    chapters dominate; arms, explosives, tobacco, precursors and radioactive
 *    material appear now and then so the risk rules have something to find;
 *  - countries are real ISO codes (each one is checked against the table at
 *    start-up); goods origins lean to the big traders; the mode of transport
 *    follows the region of dispatch and routes take 0-2 plausible transits;
 *  - containers carry a valid ISO 6346 check digit; conveyances are truck
 *    plates, vessel names or flight numbers as the mode asks;
 *  - company names are built from syllables, surnames and trade words with
 *    the legal form of their country; person names come from the script and
 *    naming habits of their nationality (Latin with diacritics, Cyrillic,
 *    Greek, Arabic, Han), with feminine surname forms where a language has
 *    them (written "masculine|feminine" in the tables below);
 *  - documents and plates follow each country's number pattern.
 *
 * Only elements and attributes listed in doc/formats.md are written, in the
 * order of its example, so the output passes data/manifest.xsd and the
 * importer's checks.  Text is XML-escaped.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define LIST(a)                                                                                    \
	{                                                                                          \
		(a), NELEM(a)                                                                      \
	}

#define EXIT_USAGE 64
#define EXIT_SOFTWARE 70
#define EXIT_IO 74

struct list {
	const char *const *v;
	size_t n;
};

/* --- Random numbers ------------------------------------------------------ */

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, N); N > 0.  The modulo bias is below 2^-40 for our N.  */
static uint64_t
rng_below(struct rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

/* Uniform in [LO, HI].  */
static int
rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint64_t)(hi - lo + 1));
}

/* Uniform in [0, 1).  */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* True with probability PCT percent.  */
static bool
rng_pct(struct rng *r, int pct)
{
	return (int)rng_below(r, 100) < pct;
}

static const char *
pick(struct rng *r, struct list l)
{
	return l.v[rng_below(r, l.n)];
}

/* Index into WEIGHTS[0..N) drawn in proportion to the weights.  */
static size_t
pick_weighted(struct rng *r, const int *weights, size_t n)
{
	long total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += weights[i];
	x = (long)rng_below(r, (uint64_t)total);
	for (size_t i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

/* Natural logarithm and exponential with basic arithmetic only, so results
 * do not depend on the C library's libm.  Accurate to ~1e-12, plenty here.  */
static double
det_log(double x)
{
	int k = 0;
	double y, y2, sum = 0, term;

	while (x > 1.5) {
		x /= 2;
		k++;
	}
	while (x < 0.75) {
		x *= 2;
		k--;
	}
	y = (x - 1) / (x + 1);
	y2 = y * y;
	term = y;
	for (int i = 1; i < 40; i += 2) {
		sum += term / i;
		term *= y2;
	}
	return 2 * sum + k * 0.69314718055994530942;
}

static double
det_exp(double x)
{
	int k = 0;
	double sum = 1, term = 1;

	while (x > 0.5) {
		x -= 0.69314718055994530942;
		k++;
	}
	while (x < -0.5) {
		x += 0.69314718055994530942;
		k--;
	}
	for (int i = 1; i < 20; i++) {
		term *= x / i;
		sum += term;
	}
	for (; k > 0; k--)
		sum *= 2;
	for (; k < 0; k++)
		sum /= 2;
	return sum;
}

/* Log-uniform in [LO, HI]: as many values between 1 and 10 as between 10
 * and 100, the way masses and prices spread.  */
static double
rng_logu(struct rng *r, double lo, double hi)
{
	return lo * det_exp(rng_unit(r) * det_log(hi / lo));
}

/* --- Output -------------------------------------------------------------- */

/* Write S[0..N) escaped for XML text and attribute values.  */
static void
put_escn(FILE *f, const char *s, size_t n)
{
	while (n > 0) {
		size_t k = 0;

		while (k < n && s[k] != '&' && s[k] != '<' && s[k] != '>' && s[k] != '"' &&
		       s[k] != '\'')
			k++;
		fwrite(s, 1, k, f);
		if (k == n)
			return;
		switch (s[k]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputs("&apos;", f);
			break;
		}
		s += k + 1;
		n -= k + 1;
	}
}

static void
put_esc(FILE *f, const char *s)
{
	put_escn(f, s, strlen(s));
}

/* A small string builder for names and addresses, always terminated; what
 * does not fit is cut (at most 255 bytes, well under the format's limits,
 * and never inside a UTF-8 sequence since every piece is whole).  */
struct sb {
	char b[256];
	size_t n;
};

static void
sb_reset(struct sb *s)
{
	s->n = 0;
	s->b[0] = '\0';
}

static void
sb_addn(struct sb *s, const char *p, size_t n)
{
	if (s->n + n >= sizeof s->b)
		return;
	memcpy(s->b + s->n, p, n);
	s->n += n;
	s->b[s->n] = '\0';
}

static void
sb_add(struct sb *s, const char *p)
{
	sb_addn(s, p, strlen(p));
}

/* Table strings "A|B" hold two variants: masculine|feminine for surnames,
 * native script|Latin for company words.  Part WHICH (0 or 1) of P; a string
 * without '|' is the same in both.  */
static void
sb_add_part(struct sb *s, const char *p, int which)
{
	const char *bar = strchr(p, '|');

	if (bar == NULL)
		sb_add(s, p);
	else if (which == 0)
		sb_addn(s, p, (size_t)(bar - p));
	else
		sb_add(s, bar + 1);
}

/* Random characters from pattern PAT: 'D' a digit, 'N' a digit 1-9, 'L' a
 * letter from LETTERS, anything else itself.  */
static void
sb_pattern(struct sb *s, struct rng *r, const char *pat, const char *letters)
{
	size_t nl = strlen(letters);

	for (; *pat; pat++) {
		char c = *pat;

		if (c == 'D')
			c = (char)('0' + rng_below(r, 10));
		else if (c == 'N')
			c = (char)('1' + rng_below(r, 9));
		else if (c == 'L')
			c = letters[rng_below(r, nl)];
		sb_addn(s, &c, 1);
	}
}

static const char ALPHA[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* --- Dates --------------------------------------------------------------- */

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).  */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* "YYYY-MM-DDThh:mm:ssZ" for seconds T since the epoch.  */
static void
format_time(char out[24], long long t)
{
	int y, m, d;
	long days = (long)(t / 86400), sec = (long)(t % 86400);

	if (sec < 0) {
		sec += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(out, 24, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", y, m, d, sec / 3600, sec / 60 % 60,
	         sec % 60);
}

/* --- People: names by culture -------------------------------------------- */

/* How a culture writes a person's name.  */
enum name_order {
	GIVEN_FAMILY, /* "Jean Dupont" */
	FAMILY_GIVEN, /* "Nagy László", "Nguyễn Văn An" */
	FAMILY_GLUED, /* "王伟": no space */
};

struct culture {
	const char *id;
	struct list male, female, family; /* family: "masc|fem" or one form */
	enum name_order order;
};

static const char *const en_m[] = {"James",  "John",   "Robert",      "Michael", "David", "William",
                                   "Thomas", "Daniel", "Christopher", "Mark",    "Paul",  "Andrew"};
static const char *const en_f[] = {"Mary",      "Jennifer", "Linda", "Sarah",  "Emily",  "Jessica",
                                   "Elizabeth", "Karen",    "Emma",  "Olivia", "Rachel", "Laura"};
static const char *const en_s[] = {"Smith",  "Johnson", "Williams", "Brown",    "Jones",   "Miller",
                                   "Davis",  "Wilson",  "Taylor",   "Anderson", "O'Brien", "Clarke",
                                   "Walker", "Wright",  "Hughes",   "Evans"};
static const char *const fr_m[] = {"Jean",   "François", "Loïc",   "Jérôme", "Stéphane", "Hervé",
                                   "Mathéo", "Noël",     "Benoît", "Gaëtan", "Pierre",   "Étienne"};
static const char *const fr_f[] = {"Marie", "Hélène", "Zoé",   "Cécile", "Amélie",  "Françoise",
                                   "Inès",  "Léa",    "Chloé", "Agnès",  "Camille", "Élodie"};
static const char *const fr_s[] = {
    "Dupont",    "Lefèvre",  "Girard", "Rousseau",  "Bérenger", "Mercier", "Faure",  "Lemaître",
    "Chevalier", "Gauthier", "Müller", "Boulanger", "Lefebvre", "Perrin",  "Dubois", "Hoël"};
static const char *const de_m[] = {"Jürgen",     "Björn",  "Günther", "Lukas",
                                   "Maximilian", "Uwe",    "Jörg",    "Stefan",
                                   "Matthias",   "Tobias", "Klaus",   "Dieter"};
static const char *const de_f[] = {"Käthe", "Lena",   "Jutta",  "Anna",  "Sabine", "Ursula",
                                   "Jana",  "Sophie", "Birgit", "Heike", "Doris",  "Annegret"};
static const char *const de_s[] = {
    "Müller", "Schröder", "Weiß",     "Groß",    "Köhler", "Fischer", "Schmidt",    "Schneider",
    "Wagner", "Becker",   "Hoffmann", "Schäfer", "Krüger", "Braun",   "Zimmermann", "Hofmann"};
static const char *const es_m[] = {"José",   "Ángel",  "Íñigo",   "Jesús",  "Andrés", "Raúl",
                                   "Sergio", "Álvaro", "Joaquín", "Martín", "Pablo",  "Javier"};
static const char *const es_f[] = {"María", "Nuria",  "Lucía",  "Begoña", "Inés",  "Sofía",
                                   "Pilar", "Mónica", "Carmen", "Ainhoa", "Rocío", "Elena"};
static const char *const es_s[] = {
    "García", "Fernández", "Martínez",         "Núñez",        "Muñoz",
    "Peña",   "López",     "Sánchez",          "Pérez",        "Gómez",
    "Díaz",   "Ibáñez",    "Rodríguez García", "Jiménez Ruiz", "Ortega Álvarez"};
static const char *const it_m[] = {"Giuseppe", "Niccolò",   "Marco",      "Luca",   "Giovanni",
                                   "Andrea",   "Francesco", "Alessandro", "Matteo", "Salvatore"};
static const char *const it_f[] = {"Francesca", "Giulia",    "Chiara",  "Alessia", "Sara",
                                   "Federica",  "Valentina", "Martina", "Elisa",   "Paola"};
static const char *const it_s[] = {"Rossi",   "Bianchi", "Esposito", "Romano",
                                   "Colombo", "Ricci",   "Marino",   "Greco",
                                   "Bruno",   "De Luca", "D'Angelo", "Fontana"};
static const char *const nl_m[] = {"Jan",   "Pieter", "Daan",   "Sem",
                                   "Joost", "Bram",   "Willem", "Thijs"};
static const char *const nl_f[] = {"Anna",  "Emma",    "Sanne", "Lotte",
                                   "Femke", "Marieke", "Ineke", "Noor"};
static const char *const nl_s[] = {"de Vries", "Jansen",  "van den Berg", "Bakker", "Visser",
                                   "Smit",     "de Jong", "van Dijk",     "Meijer", "Mulder"};
static const char *const tr_m[] = {"Ahmet",   "Mehmet", "Gökhan", "Şükrü", "İbrahim", "Mustafa",
                                   "Hüseyin", "Emre",   "Çağrı",  "Oğuz",  "Burak",   "Yusuf"};
static const char *const tr_f[] = {"Ayşe", "Çağla", "Özlem", "Fatma", "Zeynep", "Gülşen",
                                   "Elif", "Şule",  "Merve", "Büşra", "Emine",  "Hülya"};
static const char *const tr_s[] = {"Yılmaz", "Kaya",  "Demir",  "Şahin",  "Çelik",
                                   "Öztürk", "Doğan", "Aydın",  "Arslan", "Kılıç",
                                   "Koç",    "Güneş", "Yıldız", "Aksoy"};
static const char *const pl_m[] = {"Łukasz",   "Zbigniew", "Wojciech", "Paweł",    "Krzysztof",
                                   "Grzegorz", "Michał",   "Tomasz",   "Jarosław", "Piotr"};
static const char *const pl_f[] = {"Małgorzata", "Agnieszka", "Katarzyna", "Joanna",  "Bożena",
                                   "Elżbieta",   "Magdalena", "Ewa",       "Jadwiga", "Anna"};
static const char *const pl_s[] = {"Kowalski|Kowalska",
                                   "Wiśniewski|Wiśniewska",
                                   "Wójcik",
                                   "Kamiński|Kamińska",
                                   "Lewandowski|Lewandowska",
                                   "Zieliński|Zielińska",
                                   "Szymański|Szymańska",
                                   "Woźniak",
                                   "Dąbrowski|Dąbrowska",
                                   "Kozłowski|Kozłowska",
                                   "Mazur",
                                   "Krawczyk",
                                   "Wróblewski|Wróblewska",
                                   "Sikora"};
static const char *const cz_m[] = {"Jiří",   "Petr", "Tomáš",    "Lukáš",
                                   "Ondřej", "Jan",  "Miroslav", "Zdeněk"};
static const char *const cz_f[] = {"Jana",  "Tereza", "Kateřina", "Lucie",
                                   "Petra", "Zuzana", "Markéta",  "Veronika"};
static const char *const cz_s[] = {"Novák|Nováková", "Svoboda|Svobodová",     "Dvořák|Dvořáková",
                                   "Černý|Černá",    "Procházka|Procházková", "Kučera|Kučerová",
                                   "Veselý|Veselá",  "Horák|Horáková"};
static const char *const hu_m[] = {"László", "István", "Zoltán", "Gábor",
                                   "Péter",  "Attila", "Tamás",  "József"};
static const char *const hu_f[] = {"Katalin", "Erzsébet", "Zsófia",    "Réka",
                                   "Ildikó",  "Éva",      "Krisztina", "Anikó"};
static const char *const hu_s[] = {"Nagy",  "Kovács", "Tóth",   "Szabó",  "Horváth",
                                   "Varga", "Kiss",   "Molnár", "Németh", "Farkas"};
static const char *const ro_m[] = {"Ion",    "Ștefan", "Andrei",     "Mihai", "Gheorghe",
                                   "Vasile", "Răzvan", "Constantin", "Ionuț", "Cătălin"};
static const char *const ro_f[] = {"Andreea",  "Ioana",     "Elena",  "Mihaela", "Ana-Maria",
                                   "Cristina", "Alexandra", "Roxana", "Oana"};
static const char *const ro_s[] = {"Popescu",        "Ionescu",  "Dumitru",  "Stan",
                                   "Stoica",         "Gheorghe", "Rusu",     "Munteanu",
                                   "Constantinescu", "Țurcanu",  "Lăzărescu"};
static const char *const lt_m[] = {"Jonas",    "Tomas",   "Mindaugas", "Darius",
                                   "Vytautas", "Andrius", "Giedrius",  "Saulius"};
static const char *const lt_f[] = {"Rūta", "Jurgita", "Aistė", "Eglė",
                                   "Rasa", "Inga",    "Laima", "Gintarė"};
static const char *const lt_s[] = {"Kazlauskas|Kazlauskienė",
                                   "Jankauskas|Jankauskienė",
                                   "Petrauskas|Petrauskienė",
                                   "Stankevičius|Stankevičienė",
                                   "Vasiliauskas|Vasiliauskienė",
                                   "Žukauskas|Žukauskienė",
                                   "Butkus|Butkienė",
                                   "Paulauskas|Paulauskienė"};
static const char *const ru_m[] = {"Иван",   "Сергей",  "Алексей",  "Дмитрий", "Андрей",
                                   "Михаил", "Николай", "Владимир", "Юрий",    "Павел"};
static const char *const ru_f[] = {"Ольга",    "Наталья", "Екатерина", "Татьяна", "Ирина",
                                   "Светлана", "Анна",    "Елена",     "Юлия",    "Мария"};
static const char *const ru_s[] = {
    "Петров|Петрова",   "Иванов|Иванова",   "Смирнов|Смирнова", "Кузнецов|Кузнецова",
    "Соколов|Соколова", "Попов|Попова",     "Лебедев|Лебедева", "Козлов|Козлова",
    "Новиков|Новикова", "Морозов|Морозова", "Волков|Волкова",   "Васильев|Васильева",
    "Зайцев|Зайцева",   "Павлов|Павлова",   "Белов|Белова",     "Ковальский|Ковальская"};
static const char *const ua_m[] = {"Олександр", "Андрій", "Тарас",  "Богдан", "Микола",
                                   "Дмитро",    "Сергій", "Василь", "Юрій",   "Олег"};
static const char *const ua_f[] = {"Юлія",   "Оксана", "Олена",    "Наталія", "Ірина",
                                   "Тетяна", "Ганна",  "Світлана", "Людмила", "Марія"};
static const char *const ua_s[] = {"Шевченко", "Бондаренко", "Коваленко", "Ткаченко",
                                   "Мельник",  "Кравчук",    "Бойко",     "Коваль",
                                   "Олійник",  "Поліщук",    "Савчук",    "Руденко"};
static const char *const bg_m[] = {"Георги", "Димитър", "Иван",  "Николай",
                                   "Петър",  "Христо",  "Стоян", "Тодор"};
static const char *const bg_f[] = {"Мария",     "Иванка", "Елена",     "Йорданка",
                                   "Десислава", "Петя",   "Цветелина", "Радка"};
static const char *const bg_s[] = {"Иванов|Иванова",   "Георгиев|Георгиева", "Димитров|Димитрова",
                                   "Петров|Петрова",   "Николов|Николова",   "Христов|Христова",
                                   "Стоянов|Стоянова", "Тодоров|Тодорова"};
static const char *const gr_m[] = {"Γιώργος", "Νίκος",      "Δημήτρης", "Κωνσταντίνος",
                                   "Γιάννης", "Παναγιώτης", "Βασίλης",  "Χρήστος"};
static const char *const gr_f[] = {"Μαρία", "Ελένη",    "Κατερίνα", "Βασιλική",
                                   "Σοφία", "Αγγελική", "Δήμητρα",  "Γεωργία"};
static const char *const gr_s[] = {"Παπαδόπουλος|Παπαδοπούλου",
                                   "Οικονόμου",
                                   "Γεωργίου",
                                   "Νικολάου",
                                   "Βασιλείου",
                                   "Παπαγεωργίου",
                                   "Καραγιάννης|Καραγιάννη",
                                   "Αντωνίου",
                                   "Μακρής|Μακρή",
                                   "Δημητρίου"};
static const char *const ar_m[] = {"محمد", "أحمد", "علي",     "يوسف",  "خالد",
                                   "عمر",  "حسن",  "إبراهيم", "مصطفى", "سعيد"};
static const char *const ar_f[] = {"فاطمة", "مريم", "عائشة", "خديجة", "زينب",
                                   "نور",   "سارة", "ليلى",  "هدى",   "سلمى"};
static const char *const ar_s[] = {"العلوي", "بن علي", "الحسن",   "المنصوري", "حداد",  "الخطيب",
                                   "الشامي", "العمري", "التميمي", "الزهراني", "السيد", "النجار"};
static const char *const mg_m[] = {"Mohamed", "Ahmed", "Youssef",    "Karim", "Rachid",
                                   "Mehdi",   "Hamza", "Abdelkader", "Said",  "Nabil"};
static const char *const mg_f[] = {"Fatima Zahra", "Khadija", "Samira", "Nadia", "Amina",
                                   "Salma",        "Leïla",   "Meriem", "Houda", "Yasmine"};
static const char *const mg_s[] = {"El Amrani", "Benali",     "El Idrissi",  "Bouzid",
                                   "Haddad",    "Benjelloun", "Tazi",        "Cherkaoui",
                                   "Mansouri",  "Belkacem",   "Ben Youssef", "Ouali"};
/* Han: "汉字|Pinyin" pairs, so a name can be written either way.  */
static const char *const zh_s[] = {"王|Wang", "李|Li",   "张|Zhang", "刘|Liu",  "陈|Chen",
                                   "杨|Yang", "赵|Zhao", "黄|Huang", "周|Zhou", "吴|Wu",
                                   "徐|Xu",   "孙|Sun",  "胡|Hu",    "朱|Zhu",  "高|Gao",
                                   "林|Lin",  "何|He",   "郭|Guo",   "马|Ma",   "罗|Luo"};
static const char *const zh_m[] = {"伟|Wei",       "强|Qiang",     "磊|Lei",        "军|Jun",
                                   "勇|Yong",      "杰|Jie",       "涛|Tao",        "明|Ming",
                                   "超|Chao",      "建华|Jianhua", "志强|Zhiqiang", "晓东|Xiaodong",
                                   "海峰|Haifeng", "俊杰|Junjie"};
static const char *const zh_f[] = {"芳|Fang",      "娜|Na",       "敏|Min",     "静|Jing",
                                   "丽|Li",        "艳|Yan",      "娟|Juan",    "秀英|Xiuying",
                                   "桂英|Guiying", "海燕|Haiyan", "丽华|Lihua", "雪梅|Xuemei",
                                   "婷婷|Tingting"};
static const char *const vn_m[] = {"Văn An",    "Văn Hùng",   "Minh Tuấn", "Đức Anh",
                                   "Quang Huy", "Hoàng Long", "Thành Đạt", "Văn Dũng"};
static const char *const vn_f[] = {"Thị Lan", "Thị Hương",   "Thu Trang", "Ngọc Ánh",
                                   "Thị Mai", "Phương Linh", "Thị Hằng",  "Bảo Ngọc"};
static const char *const vn_s[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh",
                                   "Phan",   "Vũ",   "Võ", "Đặng", "Bùi",   "Đỗ"};
static const char *const in_m[] = {"Rajesh", "Amit",   "Suresh", "Vikram", "Arjun",
                                   "Rahul",  "Sanjay", "Anil",   "Deepak", "Manoj"};
static const char *const in_f[] = {"Priya", "Anjali",  "Sunita",  "Kavita", "Pooja",
                                   "Neha",  "Lakshmi", "Deepika", "Meera",  "Aarti"};
static const char *const in_s[] = {"Kumar", "Sharma", "Singh", "Patel",      "Gupta", "Reddy",
                                   "Iyer",  "Nair",   "Mehta", "Chatterjee", "Verma", "Rao"};
static const char *const jp_m[] = {"Hiroshi", "Takashi", "Kenji",  "Daisuke",
                                   "Yuki",    "Shota",   "Haruto", "Makoto"};
static const char *const jp_f[] = {"Yuko",   "Keiko", "Akiko", "Haruka",
                                   "Misaki", "Yui",   "Naoko", "Sakura"};
static const char *const jp_s[] = {"Sato", "Suzuki",   "Takahashi", "Tanaka",    "Watanabe",
                                   "Ito",  "Yamamoto", "Nakamura",  "Kobayashi", "Kato"};
static const char *const kr_m[] = {"Min-jun",   "Seo-jun",  "Ji-hoon", "Hyun-woo",
                                   "Dong-hyun", "Sung-min", "Jae-won", "Young-ho"};
static const char *const kr_f[] = {"Seo-yeon", "Ji-woo", "Min-seo", "Ha-eun",
                                   "Soo-jin",  "Eun-ji", "Hye-jin", "Yoon-ah"};
static const char *const kr_s[] = {"Kim",  "Lee", "Park", "Choi", "Jung",
                                   "Kang", "Cho", "Yoon", "Jang", "Lim"};
static const char *const ge_m[] = {"Giorgi",  "Davit", "Levan", "Irakli",
                                   "Nikoloz", "Zurab", "Lasha", "Tornike"};
static const char *const ge_f[] = {"Nino",   "Tamar", "Mariam", "Ketevan",
                                   "Salome", "Ana",   "Eka",    "Natia"};
static const char *const ge_s[] = {"Beridze",   "Kapanadze",   "Gelashvili", "Maisuradze",
                                   "Giorgadze", "Lomidze",     "Tsiklauri",  "Bolkvadze",
                                   "Nozadze",   "Khutsishvili"};

enum culture_id {
	C_EN,
	C_FR,
	C_DE,
	C_ES,
	C_IT,
	C_NL,
	C_TR,
	C_PL,
	C_CZ,
	C_HU,
	C_RO,
	C_LT,
	C_RU,
	C_UA,
	C_BG,
	C_GR,
	C_AR,
	C_MG,
	C_ZH,
	C_VN,
	C_IN,
	C_JP,
	C_KR,
	C_GE,
	C_COUNT
};

static const struct culture cultures[C_COUNT] = {
    [C_EN] = {"en", LIST(en_m), LIST(en_f), LIST(en_s), GIVEN_FAMILY},
    [C_FR] = {"fr", LIST(fr_m), LIST(fr_f), LIST(fr_s), GIVEN_FAMILY},
    [C_DE] = {"de", LIST(de_m), LIST(de_f), LIST(de_s), GIVEN_FAMILY},
    [C_ES] = {"es", LIST(es_m), LIST(es_f), LIST(es_s), GIVEN_FAMILY},
    [C_IT] = {"it", LIST(it_m), LIST(it_f), LIST(it_s), GIVEN_FAMILY},
    [C_NL] = {"nl", LIST(nl_m), LIST(nl_f), LIST(nl_s), GIVEN_FAMILY},
    [C_TR] = {"tr", LIST(tr_m), LIST(tr_f), LIST(tr_s), GIVEN_FAMILY},
    [C_PL] = {"pl", LIST(pl_m), LIST(pl_f), LIST(pl_s), GIVEN_FAMILY},
    [C_CZ] = {"cs", LIST(cz_m), LIST(cz_f), LIST(cz_s), GIVEN_FAMILY},
    [C_HU] = {"hu", LIST(hu_m), LIST(hu_f), LIST(hu_s), FAMILY_GIVEN},
    [C_RO] = {"ro", LIST(ro_m), LIST(ro_f), LIST(ro_s), GIVEN_FAMILY},
    [C_LT] = {"lt", LIST(lt_m), LIST(lt_f), LIST(lt_s), GIVEN_FAMILY},
    [C_RU] = {"ru", LIST(ru_m), LIST(ru_f), LIST(ru_s), GIVEN_FAMILY},
    [C_UA] = {"uk", LIST(ua_m), LIST(ua_f), LIST(ua_s), GIVEN_FAMILY},
    [C_BG] = {"bg", LIST(bg_m), LIST(bg_f), LIST(bg_s), GIVEN_FAMILY},
    [C_GR] = {"el", LIST(gr_m), LIST(gr_f), LIST(gr_s), GIVEN_FAMILY},
    [C_AR] = {"ar", LIST(ar_m), LIST(ar_f), LIST(ar_s), GIVEN_FAMILY},
    [C_MG] = {"ar-Latn", LIST(mg_m), LIST(mg_f), LIST(mg_s), GIVEN_FAMILY},
    [C_ZH] = {"zh", LIST(zh_m), LIST(zh_f), LIST(zh_s), FAMILY_GLUED},
    [C_VN] = {"vi", LIST(vn_m), LIST(vn_f), LIST(vn_s), FAMILY_GIVEN},
    [C_IN] = {"hi-Latn", LIST(in_m), LIST(in_f), LIST(in_s), GIVEN_FAMILY},
    [C_JP] = {"ja-Latn", LIST(jp_m), LIST(jp_f), LIST(jp_s), FAMILY_GIVEN},
    [C_KR] = {"ko-Latn", LIST(kr_m), LIST(kr_f), LIST(kr_s), FAMILY_GIVEN},
    [C_GE] = {"ka-Latn", LIST(ge_m), LIST(ge_f), LIST(ge_s), GIVEN_FAMILY},
};

/* --- Countries ------------------------------------------------------------ */

/* Where a country sits for trade with western Europe: it decides the modes
 * of transport and the transit countries.  */
enum region {
	R_WEU, /* western EU and neighbours */
	R_EEU, /* central and eastern EU */
	R_SEE, /* Turkey, Greece, the Balkans, the Caucasus */
	R_CIS, /* Russia, Ukraine, Belarus, Kazakhstan, Moldova */
	R_MAG, /* north Africa */
	R_FAR, /* everywhere else: across an ocean */
};

enum addr_style { A_EN, A_FR, A_DE, A_NL, A_ES, A_IT, A_TR, A_PL };

struct country {
	const char *code;
	enum culture_id culture;
	enum region region;
	int w_origin;       /* weight as origin of goods */
	int w_nat;          /* weight as nationality of a traveller */
	const char *forms;  /* legal forms, comma-separated; "^PT" goes first */
	const char *cities; /* comma-separated */
	enum addr_style addr;
};

static const struct country countries[] = {
    {"CN", C_ZH, R_FAR, 280, 20, "Co.\\, Ltd.",
     "Shenzhen,Shanghai,Ningbo,Guangzhou,Yiwu,Xiamen,Qingdao,Tianjin,Dongguan,Suzhou", A_EN},
    {"HK", C_ZH, R_FAR, 20, 2, "Limited,Co.\\, Ltd.", "Hong Kong,Kowloon,Tsuen Wan", A_EN},
    {"TW", C_ZH, R_FAR, 20, 2, "Co.\\, Ltd.,Corp.", "Taipei,Taichung,Kaohsiung", A_EN},
    {"JP", C_JP, R_FAR, 30, 3, "Co.\\, Ltd.,K.K.,Corporation", "Tokyo,Osaka,Nagoya,Yokohama,Kobe",
     A_EN},
    {"KR", C_KR, R_FAR, 30, 3, "Co.\\, Ltd.,Corp.", "Seoul,Busan,Incheon,Ulsan", A_EN},
    {"VN", C_VN, R_FAR, 50, 6, "Co.\\, Ltd,JSC",
     "Ho Chi Minh City,Hanoi,Hai Phong,Da Nang,Bình Dương", A_EN},
    {"TH", C_EN, R_FAR, 20, 0, "Co.\\, Ltd.,Public Co.\\, Ltd.", "Bangkok,Laem Chabang,Chonburi",
     A_EN},
    {"MY", C_EN, R_FAR, 20, 0, "Sdn. Bhd.,Berhad", "Kuala Lumpur,Port Klang,Penang,Johor Bahru",
     A_EN},
    {"ID", C_EN, R_FAR, 15, 0, "^PT,^CV", "Jakarta,Surabaya,Semarang,Bandung", A_EN},
    {"SG", C_EN, R_FAR, 10, 0, "Pte. Ltd.", "Singapore", A_EN},
    {"IN", C_IN, R_FAR, 50, 8, "Pvt. Ltd.,Limited,Exports",
     "Mumbai,Chennai,Delhi,Tiruppur,Ludhiana,Ahmedabad,Bengaluru", A_EN},
    {"PK", C_EN, R_FAR, 10, 0, "(Pvt.) Ltd.", "Karachi,Lahore,Sialkot,Faisalabad", A_EN},
    {"BD", C_EN, R_FAR, 20, 0, "Ltd.,(Pvt.) Ltd.", "Dhaka,Chattogram,Gazipur", A_EN},
    {"LK", C_EN, R_FAR, 3, 0, "(Pvt) Ltd", "Colombo", A_EN},
    {"AE", C_AR, R_FAR, 15, 3, "LLC,FZE,FZCO,General Trading LLC",
     "Dubai,Jebel Ali,Sharjah,Abu Dhabi", A_EN},
    {"SA", C_AR, R_FAR, 5, 2, "Co.,Est.", "Riyadh,Jeddah,Dammam", A_EN},
    {"QA", C_AR, R_FAR, 1, 0, "W.L.L.,LLC", "Doha", A_EN},
    {"IL", C_EN, R_FAR, 5, 0, "Ltd.", "Tel Aviv,Haifa,Ashdod", A_EN},
    {"EG", C_AR, R_MAG, 5, 3, "S.A.E.,LLC", "Cairo,Alexandria,Port Said", A_EN},
    {"MA", C_MG, R_MAG, 20, 12, "SARL,SA,SARL AU", "Casablanca,Tanger,Agadir,Fès,Marrakech,Rabat",
     A_FR},
    {"TN", C_MG, R_MAG, 10, 5, "SARL,SA,SUARL", "Tunis,Sfax,Sousse,Bizerte", A_FR},
    {"DZ", C_MG, R_MAG, 5, 8, "SARL,EURL,SPA", "Alger,Oran,Constantine,Annaba", A_FR},
    {"SY", C_AR, R_FAR, 0, 5, "LLC", "Damascus,Aleppo", A_EN},
    {"IQ", C_AR, R_FAR, 0, 3, "Co.", "Baghdad,Erbil,Basra", A_EN},
    {"US", C_EN, R_FAR, 70, 8, "LLC,Inc.,Corp.,Co.",
     "Houston,Los Angeles,Newark,Chicago,Savannah,Seattle,Charleston,Miami", A_EN},
    {"CA", C_EN, R_FAR, 10, 2, "Inc.,Ltd.", "Toronto,Montréal,Vancouver", A_EN},
    {"MX", C_ES, R_FAR, 10, 2, "S.A. de C.V.,S. de R.L. de C.V.",
     "Monterrey,Guadalajara,Ciudad de México,Veracruz", A_ES},
    {"BR", C_EN, R_FAR, 15, 0, "Ltda.,S.A.", "São Paulo,Santos,Curitiba,Itajaí", A_EN},
    {"AR", C_ES, R_FAR, 5, 1, "S.A.,S.R.L.", "Buenos Aires,Rosario,Córdoba", A_ES},
    {"CL", C_ES, R_FAR, 5, 1, "SpA,S.A.,Ltda.", "Santiago,Valparaíso,San Antonio", A_ES},
    {"GB", C_EN, R_WEU, 30, 10, "Ltd,Limited,PLC,LLP",
     "London,Birmingham,Manchester,Felixstowe,Leeds,Glasgow", A_EN},
    {"IE", C_EN, R_WEU, 5, 2, "Ltd,DAC", "Dublin,Cork", A_EN},
    {"FR", C_FR, R_WEU, 20, 60, "SARL,SAS,SA,EURL",
     "Strasbourg,Mulhouse,Colmar,Lyon,Paris,Metz,Lille,Marseille,Haguenau,Nancy", A_FR},
    {"DE", C_DE, R_WEU, 60, 40, "GmbH,AG,GmbH & Co. KG,KG,e.K.",
     "Karlsruhe,Stuttgart,Hamburg,München,Köln,Frankfurt am Main,Kehl,Offenburg,Freiburg im "
     "Breisgau,Mannheim",
     A_DE},
    {"NL", C_NL, R_WEU, 20, 5, "B.V.,N.V.", "Rotterdam,Amsterdam,Venlo,Tilburg,Eindhoven", A_NL},
    {"BE", C_FR, R_WEU, 10, 4, "SRL,SA,BV,NV", "Antwerpen,Bruxelles,Liège,Gent,Zeebrugge", A_FR},
    {"LU", C_FR, R_WEU, 3, 2, "S.à r.l.,S.A.", "Luxembourg,Esch-sur-Alzette,Bettembourg", A_FR},
    {"CH", C_DE, R_WEU, 20, 6, "AG,GmbH,SA,Sàrl", "Basel,Zürich,Genève,Bern,Lugano", A_DE},
    {"AT", C_DE, R_WEU, 10, 4, "GmbH,AG,KG", "Wien,Linz,Graz,Salzburg", A_DE},
    {"IT", C_IT, R_WEU, 30, 12, "S.r.l.,S.p.A.,S.n.c.",
     "Milano,Torino,Genova,Bologna,Prato,Napoli,Verona", A_IT},
    {"ES", C_ES, R_WEU, 20, 12, "S.L.,S.A.,S.L.U.",
     "Barcelona,Valencia,Madrid,Zaragoza,Sevilla,Bilbao,Algeciras", A_ES},
    {"PT", C_EN, R_WEU, 5, 0, "Lda.,S.A.", "Porto,Lisboa,Braga", A_EN},
    {"DK", C_EN, R_WEU, 5, 0, "A/S,ApS", "København,Aarhus,Odense", A_EN},
    {"SE", C_EN, R_WEU, 5, 0, "AB", "Göteborg,Stockholm,Malmö", A_EN},
    {"NO", C_EN, R_WEU, 2, 0, "AS,ASA", "Oslo,Bergen", A_EN},
    {"FI", C_EN, R_WEU, 2, 0, "Oy,Oyj", "Helsinki,Tampere", A_EN},
    {"PL", C_PL, R_EEU, 25, 15, "Sp. z o.o.,S.A.,Sp.j.",
     "Warszawa,Poznań,Wrocław,Łódź,Kraków,Gdańsk,Szczecin,Katowice", A_PL},
    {"CZ", C_CZ, R_EEU, 10, 4, "s.r.o.,a.s.", "Praha,Brno,Ostrava,Plzeň", A_EN},
    {"SK", C_CZ, R_EEU, 5, 2, "s.r.o.,a.s.", "Bratislava,Košice,Žilina", A_EN},
    {"HU", C_HU, R_EEU, 5, 4, "Kft.,Zrt.,Bt.", "Budapest,Győr,Debrecen,Szeged", A_EN},
    {"RO", C_RO, R_EEU, 5, 12, "S.R.L.,S.A.",
     "București,Cluj-Napoca,Timișoara,Constanța,Iași,Brașov", A_EN},
    {"BG", C_BG, R_EEU, 5, 5, "ЕООД|EOOD,ООД|OOD,АД|AD", "Sofia,Plovdiv,Varna,Burgas,Ruse", A_EN},
    {"LT", C_LT, R_EEU, 5, 4, "UAB,AB", "Vilnius,Kaunas,Klaipėda", A_EN},
    {"GR", C_GR, R_SEE, 5, 6, "Α.Ε.|S.A.,Ε.Π.Ε.|Ltd,Ι.Κ.Ε.|P.C.",
     "Athens,Piraeus,Thessaloniki,Patras", A_EN},
    {"TR", C_TR, R_SEE, 60, 30, "A.Ş.,Ltd. Şti.,San. ve Tic. A.Ş.,San. ve Tic. Ltd. Şti.",
     "İstanbul,Bursa,İzmir,Ankara,Gaziantep,Denizli,Kocaeli,Mersin", A_TR},
    {"RS", C_EN, R_SEE, 3, 0, "d.o.o.,a.d.", "Beograd,Novi Sad,Niš", A_EN},
    {"GE", C_GE, R_SEE, 1, 4, "LLC,JSC", "Tbilisi,Batumi,Poti,Kutaisi", A_EN},
    {"UA", C_UA, R_CIS, 10, 15, "ТОВ|TOV,ПП|PP,ПрАТ|PrJSC",
     "Kyiv,Lviv,Odesa,Kharkiv,Dnipro,Vinnytsia", A_EN},
    {"RU", C_RU, R_CIS, 3, 6, "ООО|OOO,АО|AO,ПАО|PAO",
     "Moskva,Sankt-Peterburg,Kaliningrad,Novosibirsk,Yekaterinburg", A_EN},
    {"BY", C_RU, R_CIS, 1, 2, "ООО|OOO,ОАО|OAO", "Minsk,Brest,Grodno", A_EN},
    {"KZ", C_RU, R_CIS, 3, 2, "ТОО|TOO,АО|AO", "Almaty,Astana,Karaganda", A_EN},
    {"MD", C_RO, R_CIS, 1, 2, "S.R.L.,Î.C.S.", "Chișinău,Bălți", A_EN},
};

/* countries[] by code: index + 1, or 0; filled by country_index_init().  */
static unsigned char country_index[26 * 26];

static void
country_index_init(void)
{
	for (size_t i = 0; i < NELEM(countries); i++) {
		const char *c = countries[i].code;

		country_index[(c[0] - 'A') * 26 + (c[1] - 'A')] = (unsigned char)(i + 1);
	}
}

static const struct country *
country_get(const char *code)
{
	int k;

	if (code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' || code[2] != '\0')
		return NULL;
	k = country_index[(code[0] - 'A') * 26 + (code[1] - 'A')];
	return k ? &countries[k - 1] : NULL;
}

/* Append a random comma-separated field of CSV to S ("\," is a comma inside
 * a field); part WHICH of a "native|Latin" field.  */
static void
sb_add_field(struct sb *s, struct rng *r, const char *csv, int which)
{
	size_t n = 1, k;
	char field[128];
	size_t fn = 0;

	for (const char *p = csv; *p; p++) {
		if (p[0] == '\\' && p[1] == ',')
			p++;
		else if (*p == ',')
			n++;
	}
	k = rng_below(r, n);
	for (const char *p = csv; *p; p++) {
		if (p[0] == '\\' && p[1] == ',') {
			p++;
		} else if (*p == ',') {
			if (k-- == 0)
				break;
			continue;
		}
		if (k == 0 && fn + 1 < sizeof field)
			field[fn++] = *p;
	}
	field[fn] = '\0';
	sb_add_part(s, field, which);
}

/* --- Person names, documents, birth dates ---------------------------------- */

static void
person_name(struct sb *s, struct rng *r, enum culture_id cid, bool female)
{
	const struct culture *c = &cultures[cid];
	const char *given = pick(r, female ? c->female : c->male);
	const char *family = pick(r, c->family);
	int form = female ? 1 : 0;

	if (cid == C_ZH) {
		/* Han most of the time; sometimes the passport's pinyin.  */
		if (rng_pct(r, 75)) {
			sb_add_part(s, family, 0);
			sb_add_part(s, given, 0);
		} else {
			size_t at = s->n;

			sb_add_part(s, family, 1);
			if (rng_pct(r, 50))
				for (size_t i = at; i < s->n; i++)
					if (s->b[i] >= 'a' && s->b[i] <= 'z')
						s->b[i] = (char)(s->b[i] - 'a' + 'A');
			sb_add(s, " ");
			sb_add_part(s, given, 1);
		}
		return;
	}
	if (c->order == FAMILY_GIVEN) {
		sb_add_part(s, family, form);
		sb_add(s, " ");
		sb_add(s, given);
	} else {
		sb_add(s, given);
		/* A second given name now and then, Latin scripts only.  */
		if (cid <= C_RO && cid != C_HU && rng_pct(r, 12)) {
			const char *g2 = pick(r, female ? c->female : c->male);

			if (g2 != given) {
				sb_add(s, cid == C_FR ? "-" : " ");
				sb_add(s, g2);
			}
		}
		sb_add(s, " ");
		sb_add_part(s, family, form);
	}
}

/* Travel document numbers by issuing country.  */
struct doc_fmt {
	const char *country;
	const char *passport;
	const char *id_card; /* NULL: the country issues no id-card we write */
	const char *letters;
};

static const struct doc_fmt doc_fmts[] = {
    {"FR", "DDLLDDDDD", "LLLLDDDDD", "ABCDEFGHJKLMNPRSTUVWXYZ"},
    {"DE", "LLLLLDDDD", "LLLLDDDDD", "CFGHJKLMNPRTVWXYZ"},
    {"GB", "NDDDDDDDD", NULL, ALPHA},
    {"US", "NDDDDDDDD", NULL, ALPHA},
    {"RU", "7NDDDDDDD", NULL, ALPHA},
    {"UA", "LLDDDDDD", NULL, "ABEFGKMNPTX"},
    {"TR", "UDDDDDDDD", NULL, ALPHA},
    {"PL", "LLDDDDDDD", "LLLDDDDDD", "ABCDEFGHJKLMNPRSTUVWXYZ"},
    {"ES", "PLLDDDDDD", NULL, "ABCDEFGHJKLMNPRSTUVWXYZ"}, /* id-card: DNI below */
    {"IT", "LLDDDDDDD", "CLDDDDDLL", "ABCDEFGHJKLMNPRSTUVWXYZ"},
    {"CN", "EDDDDDDDD", NULL, ALPHA},
    {"IN", "LDDDDDDD", NULL, "JKLMNPRSTUVWZ"},
    {"MA", "LLDDDDDDD", "LLDDDDDD", ALPHA},
    {"DZ", "DDDDDDDDD", NULL, ALPHA},
    {"TN", "LDDDDDD", NULL, ALPHA},
    {"GR", "LLDDDDDDD", NULL, "ABEHIKMNOPTXYZ"},
    {"RO", "DDDDDDDDD", "LLDDDDDD", ALPHA},
    {"BG", "DDDDDDDDD", "DDDDDDDDD", ALPHA},
    {"NL", "LLLLLLDDD", "LLLLLLDDD", "BCDFGHJKLMNPRSTUVWXZ"},
    {"BE", "LLDDDDDD", "DDDDDDDDDDDD", ALPHA},
    {"GE", "DDLLDDDDD", NULL, ALPHA},
    {"VN", "LDDDDDDD", NULL, "BCN"},
};

static void
document_number(struct sb *s, struct rng *r, const char *country, bool id_card)
{
	if (id_card && strcmp(country, "ES") == 0) {
		/* DNI: eight digits and the check letter of their value mod 23.  */
		static const char dni[] = "TRWAGMYFPDXBNJZSQVHLCKE";
		long v = (long)rng_below(r, 100000000);
		char buf[16];

		snprintf(buf, sizeof buf, "%08ld%c", v, dni[v % 23]);
		sb_add(s, buf);
		return;
	}
	for (size_t i = 0; i < NELEM(doc_fmts); i++) {
		const struct doc_fmt *f = &doc_fmts[i];

		if (strcmp(f->country, country) == 0) {
			sb_pattern(s, r, id_card && f->id_card ? f->id_card : f->passport,
			           f->letters);
			return;
		}
	}
	sb_pattern(s, r, "LLNDDDDDD", ALPHA);
}

static bool
issues_id_cards(const char *country)
{
	if (strcmp(country, "ES") == 0)
		return true;
	for (size_t i = 0; i < NELEM(doc_fmts); i++)
		if (strcmp(doc_fmts[i].country, country) == 0)
			return doc_fmts[i].id_card != NULL;
	return false;
}

/* Write <birth date=".."/>, mostly a full date, sometimes only a year or a
 * month, for an adult (or, unless ADULT, now and then a child) travelling in
 * YEAR.  */
static void
put_birth(FILE *f, struct rng *r, int year, bool adult)
{
	int age = !adult && rng_pct(r, 6) ? rng_range(r, 1, 17)
	                                  : rng_range(r, adult ? 21 : 18, adult ? 66 : 78);
	int y = year - age, m, d;
	long days = days_from_civil(y, 1, 1) + (long)rng_below(r, 365);
	int kind = (int)rng_below(r, 100);

	civil_from_days(days, &y, &m, &d);
	if (kind < 6)
		fprintf(f, "<birth date=\"%04d\"/>", y);
	else if (kind < 8)
		fprintf(f, "<birth date=\"%04d-%02d\"/>", y, m);
	else
		fprintf(f, "<birth date=\"%04d-%02d-%02d\"/>", y, m, d);
}

/* --- Company names and addresses ------------------------------------------ */

static const char *const stems[] = {
    "Nova",  "Euro",  "Trans", "Alp",   "Atlas", "Orient", "Globe", "Prima", "Terra",  "Vista",
    "Astra", "Delta", "Linea", "Solar", "Multi", "Inter",  "Agro",  "Tekno", "Flex",   "Vita",
    "Mar",   "Sol",   "Star",  "Uni",   "Omni",  "Aqua",   "Silva", "Rota",  "Vector", "Quadra"};
static const char *const stem_ends[] = {"tex",  "trade", "com",   "tec",  "line",  "pack", "logic",
                                        "vest", "mar",   "ia",    "ex",   "is",    "on",   "plast",
                                        "form", "med",   "metal", "wood", "light", "net"};
static const char *const sectors_en[] = {
    "Trading",   "Logistics",    "Import Export", "Industries",    "Textiles", "Electronics",
    "Foods",     "Machinery",    "Global",        "International", "Supply",   "Manufacturing",
    "Packaging", "Distribution", "Holdings",      "Enterprises"};
static const char *const sectors_fr[] = {
    "Import-Export", "Distribution", "Négoce",      "Logistique", "Industries",
    "Textiles",      "Alimentaire",  "Équipements", "Transports", "Commerce International"};
static const char *const sectors_de[] = {
    "Handel",       "Logistik",  "Maschinenbau", "Elektronik",          "Textil", "Import-Export",
    "Lebensmittel", "Spedition", "Technik",      "Handelsgesellschaft", "& Söhne"};
static const char *const sectors_es[] = {"Comercial",  "Distribuciones", "Importaciones",
                                         "Logística",  "Textil",         "Alimentación",
                                         "Industrial", "Exportaciones"};
static const char *const sectors_it[] = {"Commerciale", "Distribuzione", "Tessile",
                                         "Meccanica",   "Import Export", "Alimentari",
                                         "Trasporti",   "Industrie"};
static const char *const sectors_tr[] = {"Dış Ticaret", "Tekstil", "Lojistik", "Gıda",
                                         "Makina",      "İnşaat",  "Otomotiv", "Plastik",
                                         "Mobilya",     "Nakliyat"};
static const char *const sectors_pl[] = {"Handel",    "Logistyka", "Transport", "Import-Eksport",
                                         "Tekstylia", "Spedycja",  "Meble",     "Dystrybucja"};
static const char *const sectors_nl[] = {"Handel",    "Logistiek",   "Import",
                                         "Transport", "Groothandel", "Distributie"};
static const char *const sectors_zh[] = {
    "贸易|Trading",           "电子|Electronics", "服装|Garment",    "机械|Machinery",
    "进出口|Import & Export", "实业|Industrial",  "科技|Technology", "玩具|Toys",
    "纺织|Textile",           "五金|Hardware",    "家具|Furniture",  "鞋业|Footwear"};
static const char *const zh_cities[] = {"深圳|Shenzhen",  "上海|Shanghai", "宁波|Ningbo",
                                        "广州|Guangzhou", "义乌|Yiwu",     "厦门|Xiamen",
                                        "青岛|Qingdao",   "天津|Tianjin",  "东莞|Dongguan",
                                        "苏州|Suzhou",    "温州|Wenzhou",  "泉州|Quanzhou"};
static const char *const zh_brand[] = {
    "华|Hua",   "丽|Li",   "鑫|Xin",  "达|Da",   "泰|Tai", "丰|Feng", "宏|Hong", "金|Jin",
    "盛|Sheng", "源|Yuan", "恒|Heng", "联|Lian", "润|Run", "嘉|Jia",  "永|Yong", "兴|Xing"};
static const char *const cyr_pre[] = {"Сиб|Sib",     "Урал|Ural",    "Волга|Volga", "Тех|Tekh",
                                      "Агро|Agro",   "Мега|Mega",    "Балт|Balt",   "Альфа|Alfa",
                                      "Север|Sever", "Вектор|Vektor"};
static const char *const cyr_suf[] = {"снаб|snab",         "торг|torg",    "транс|trans",
                                      "строй|stroy",       "пром|prom",    "импорт|import",
                                      "логистик|logistik", "сервис|servis"};
static const char *const ua_pre[] = {"Дніпро|Dnipro",    "Укр|Ukr",        "Галич|Halych",
                                     "Київ|Kyiv",        "Агро|Ahro",      "Схід|Skhid",
                                     "Поділля|Podillia", "Карпати|Karpaty"};
static const char *const ua_suf[] = {"торг|torh", "транс|trans",    "буд|bud",
                                     "пром|prom", "постач|postach", "імпекс|impeks"};
static const char *const bg_pre[] = {"Балкан|Balkan", "Тракия|Trakia", "Родопа|Rodopa",
                                     "Дунав|Dunav", "Пирин|Pirin"};
static const char *const gr_brand[] = {"Αιγαίο|Aegean", "Όλυμπος|Olympos",   "Ερμής|Ermis",
                                       "Αθηνά|Athina",  "Ποσειδών|Poseidon", "Ήλιος|Ilios"};
static const char *const gr_sector[] = {"Εμπορική|Trading", "Μεταφορική|Transport",
                                        "Βιομηχανία|Industries", "Τρόφιμα|Foods",
                                        "Εισαγωγική|Import"};
static const char *const ar_word[] = {
    "النور|Al Noor",       "الأمل|Al Amal",   "الفجر|Al Fajr",        "الخليج|Gulf Star",
    "الصحراء|Desert Rose", "النجمة|Al Najma", "الرافدين|Al Rafidain", "البركة|Al Baraka"};
static const char *const ar_sector[] = {
    "للتجارة العامة|General Trading", "للاستيراد والتصدير|Import & Export", "للشحن|Shipping",
    "للصناعات الغذائية|Food Industries", "للإلكترونيات|Electronics"};

/* Local stems, so a German firm sounds German and a Turkish one Turkish.  */
static const char *
local_stem(struct rng *r, const char *country)
{
	static const char *const de[] = {"Rhein", "Elb", "Schwarzwald", "Berg",
	                                 "Nord",  "Süd", "Hansa",       "Main"};
	static const char *const fr[] = {"Alsace", "Rhône",  "Atlantique", "Provence",
	                                 "Vosges", "Rhénan", "Lorraine",   "Bretagne"};
	static const char *const tr[] = {"Anadolu", "Ege",     "Boğaziçi", "Marmara",
	                                 "Yıldız",  "Akdeniz", "Toros",    "Karadeniz"};
	static const char *const it[] = {"Adriatica", "Padana", "Tirrena", "Alpina", "Lombarda"};
	static const char *const es[] = {"Ibérica", "Levante", "Cantábrica", "Mediterránea"};
	static const char *const pl[] = {"Wisła", "Mazowsze", "Bałtyk", "Tatry", "Polmar"};

	if (!strcmp(country, "DE") || !strcmp(country, "AT") || !strcmp(country, "CH"))
		return pick(r, (struct list)LIST(de));
	if (!strcmp(country, "FR") || !strcmp(country, "BE") || !strcmp(country, "LU"))
		return pick(r, (struct list)LIST(fr));
	if (!strcmp(country, "TR"))
		return pick(r, (struct list)LIST(tr));
	if (!strcmp(country, "IT"))
		return pick(r, (struct list)LIST(it));
	if (!strcmp(country, "ES"))
		return pick(r, (struct list)LIST(es));
	if (!strcmp(country, "PL"))
		return pick(r, (struct list)LIST(pl));
	return NULL;
}

static struct list
sectors_for(enum culture_id c)
{
	switch (c) {
	case C_FR:
	case C_MG:
		return (struct list)LIST(sectors_fr);
	case C_DE:
		return (struct list)LIST(sectors_de);
	case C_ES:
		return (struct list)LIST(sectors_es);
	case C_IT:
		return (struct list)LIST(sectors_it);
	case C_TR:
		return (struct list)LIST(sectors_tr);
	case C_PL:
		return (struct list)LIST(sectors_pl);
	case C_NL:
		return (struct list)LIST(sectors_nl);
	default:
		return (struct list)LIST(sectors_en);
	}
}

static void
brand(struct sb *s, struct rng *r, const char *country)
{
	const char *local = rng_pct(r, 40) ? local_stem(r, country) : NULL;

	if (local != NULL) {
		sb_add(s, local);
		return;
	}
	sb_add(s, pick(r, (struct list)LIST(stems)));
	if (rng_pct(r, 70))
		sb_add(s, pick(r, (struct list)LIST(stem_ends)));
}

/* Legal form of C: a random one of its list, before or after NAME.  */
static void
company_form(struct sb *s, struct rng *r, const struct country *c, int which, bool *prefix)
{
	struct sb f;

	sb_reset(&f);
	sb_add_field(&f, r, c->forms, which);
	if (f.b[0] == '^') {
		*prefix = true;
		sb_add(s, f.b + 1);
	} else {
		*prefix = false;
		sb_add(s, f.b);
	}
}

static void
company_name(struct sb *s, struct rng *r, const struct country *c)
{
	struct sb form;
	bool prefix;
	int native = rng_pct(r, 50) ? 0 : 1; /* 0: native script */

	sb_reset(&form);
	switch (c->culture) {
	case C_ZH:
		if (strcmp(c->code, "CN") == 0 && native == 0) {
			sb_add_part(s, pick(r, (struct list)LIST(zh_cities)), 0);
			sb_add_part(s, pick(r, (struct list)LIST(zh_brand)), 0);
			sb_add_part(s, pick(r, (struct list)LIST(zh_brand)), 0);
			sb_add_part(s, pick(r, (struct list)LIST(sectors_zh)), 0);
			sb_add(s, "有限公司");
			return;
		}
		if (strcmp(c->code, "CN") == 0) {
			sb_add_part(s, pick(r, (struct list)LIST(zh_cities)), 1);
			sb_add(s, " ");
		}
		{
			size_t at = s->n;

			sb_add_part(s, pick(r, (struct list)LIST(zh_brand)), 1);
			at = s->n;
			sb_add_part(s, pick(r, (struct list)LIST(zh_brand)), 1);
			if (s->b[at] >= 'A' && s->b[at] <= 'Z')
				s->b[at] = (char)(s->b[at] - 'A' + 'a');
		}
		sb_add(s, " ");
		sb_add_part(s, pick(r, (struct list)LIST(sectors_zh)), 1);
		sb_add(s, " ");
		company_form(s, r, c, 1, &prefix);
		return;
	case C_RU:
	case C_UA:
	case C_BG: {
		struct list pre = c->culture == C_UA   ? (struct list)LIST(ua_pre)
		                  : c->culture == C_BG ? (struct list)LIST(bg_pre)
		                                       : (struct list)LIST(cyr_pre);
		struct list suf =
		    c->culture == C_UA ? (struct list)LIST(ua_suf) : (struct list)LIST(cyr_suf);
		struct sb name;

		sb_reset(&name);
		sb_add_part(&name, pick(r, pre), native);
		sb_add_part(&name, pick(r, suf), native);
		company_form(&form, r, c, native, &prefix);
		if (c->culture == C_BG) {
			sb_add(s, name.b);
			sb_add(s, " ");
			sb_add(s, form.b);
		} else {
			sb_add(s, form.b);
			sb_add(s, native == 0 ? " «" : " \"");
			sb_add(s, name.b);
			sb_add(s, native == 0 ? "»" : "\"");
		}
		return;
	}
	case C_GR:
		sb_add_part(s, pick(r, (struct list)LIST(gr_brand)), native);
		sb_add(s, " ");
		sb_add_part(s, pick(r, (struct list)LIST(gr_sector)), native);
		sb_add(s, " ");
		company_form(s, r, c, native, &prefix);
		return;
	case C_AR:
		if (rng_pct(r, 25)) {
			sb_add(s, "شركة ");
			sb_add_part(s, pick(r, (struct list)LIST(ar_word)), 0);
			sb_add(s, " ");
			sb_add_part(s, pick(r, (struct list)LIST(ar_sector)), 0);
			return;
		}
		sb_add_part(s, pick(r, (struct list)LIST(ar_word)), 1);
		sb_add(s, " ");
		sb_add_part(s, pick(r, (struct list)LIST(ar_sector)), 1);
		sb_add(s, " ");
		company_form(s, r, c, 1, &prefix);
		return;
	default:
		break;
	}

	/* Latin-script firms: a few familiar shapes.  */
	company_form(&form, r, c, 1, &prefix);
	if (prefix) {
		sb_add(s, form.b);
		sb_add(s, " ");
	}
	switch (rng_below(r, 4)) {
	case 0: /* "Dupont Import-Export SARL" */
		sb_add_part(s, pick(r, cultures[c->culture].family), 0);
		sb_add(s, " ");
		sb_add(s, pick(r, sectors_for(c->culture)));
		break;
	case 1: /* "Novatex Logistics Ltd" */
		brand(s, r, c->code);
		sb_add(s, " ");
		sb_add(s, pick(r, sectors_for(c->culture)));
		break;
	case 2: /* "Schröder & Weiß GmbH" */
		sb_add_part(s, pick(r, cultures[c->culture].family), 0);
		sb_add(s, " & ");
		sb_add_part(s, pick(r, cultures[c->culture].family), 0);
		break;
	default: /* "Atlasline BV" */
		brand(s, r, c->code);
		break;
	}
	if (!prefix) {
		sb_add(s, " ");
		sb_add(s, form.b);
	}
}

static const char *const st_en[] = {"# Harbour Road",    "# Industrial Avenue",
                                    "# Commerce Street", "Unit #, Riverside Industrial Estate",
                                    "# Station Road",    "# King Street",
                                    "# Market Street",   "# Park Lane"};
static const char *const st_cn[] = {"# Binhe Road",
                                    "# Nanhai Avenue",
                                    "# Jiefang Road",
                                    "# Zhongshan Road",
                                    "# Renmin Road",
                                    "# Keji Road",
                                    "Building #, Industrial Park"};
static const char *const st_fr[] = {
    "# rue des Tanneurs",   "# avenue de la Liberté", "# rue du Port",   "# boulevard Gambetta",
    "# rue de l'Industrie", "# rue Jean-Jaurès",      "# route du Rhin", "# quai des Bateliers"};
static const char *const st_de[] = {"Industriestraße #", "Hafenstraße #",     "Hauptstraße #",
                                    "Gewerbepark #",     "Am Güterbahnhof #", "Rheinstraße #",
                                    "Lindenallee #",     "Kaiserstraße #"};
static const char *const st_nl[] = {"Havenweg #", "Industrieweg #", "Stationsstraat #",
                                    "Kanaaldijk #", "Marconistraat #"};
static const char *const st_es[] = {"Calle Mayor, #", "Polígono Industrial Norte, nave #",
                                    "Avenida de la Constitución, #", "Calle del Puerto, #"};
static const char *const st_it[] = {"Via Roma #", "Via dell'Industria #", "Corso Italia #",
                                    "Via Garibaldi #", "Viale Europa #"};
static const char *const st_tr[] = {"Atatürk Cad. No:#", "Organize Sanayi Bölgesi 4. Sok. No:#",
                                    "Cumhuriyet Mah. İnönü Cad. No:#", "Liman Yolu No:#"};
static const char *const st_pl[] = {"ul. Przemysłowa #", "ul. Portowa #", "al. Jerozolimskie #",
                                    "ul. Składowa #", "ul. Łódzka #"};

static void
address(struct sb *s, struct rng *r, const struct country *c)
{
	struct list l;
	const char *street, *hash;
	char num[12];

	switch (c->addr) {
	case A_FR:
		l = (struct list)LIST(st_fr);
		break;
	case A_DE:
		l = (struct list)LIST(st_de);
		break;
	case A_NL:
		l = (struct list)LIST(st_nl);
		break;
	case A_ES:
		l = (struct list)LIST(st_es);
		break;
	case A_IT:
		l = (struct list)LIST(st_it);
		break;
	case A_TR:
		l = (struct list)LIST(st_tr);
		break;
	case A_PL:
		l = (struct list)LIST(st_pl);
		break;
	default:
		l = c->culture == C_ZH ? (struct list)LIST(st_cn) : (struct list)LIST(st_en);
		break;
	}
	street = pick(r, l);
	hash = strchr(street, '#');
	snprintf(num, sizeof num, "%d",
	         rng_pct(r, 70) ? rng_range(r, 1, 120) : rng_range(r, 121, 999));
	sb_addn(s, street, (size_t)(hash - street));
	sb_add(s, num);
	sb_add(s, hash + 1);
	sb_add(s, ", ");
	sb_add_field(s, r, c->cities, 1);
}

/* --- Goods ------------------------------------------------------------------ */

/* A slice of the HS table goods are drawn from, with a weight, the range of
 * value per kilogram (EUR) that trade in it shows, and the kinds of packages
 * (UN/ECE Rec. 21: CT carton, PK package, PX pallet, BX box, BG bag, SA
 * sack, CS case, CR crate, DR drum, PL pail, BL bale, RO roll, BE bundle, NE
 * unpacked).  The HS subheadings of PREFIX are found in the table at start.  */
struct profile {
	const char *prefix;
	int weight;
	double vpk_lo, vpk_hi;
	const char *kinds;
	size_t lo, hi; /* range in hs6[], filled in at start */
};

static struct profile profiles[] = {
    /* Common trade.  */
    {"84", 140, 15, 150, "PX CS CR CT", 0, 0},
    {"85", 140, 20, 400, "CT PX BX", 0, 0},
    {"61", 45, 10, 60, "CT BL", 0, 0},
    {"62", 45, 10, 70, "CT BL", 0, 0},
    {"39", 60, 1.5, 8, "BG PX CT", 0, 0},
    {"87", 55, 5, 40, "NE PX CS", 0, 0},
    {"94", 55, 3, 25, "PX PK CT", 0, 0},
    {"95", 45, 5, 30, "CT PX", 0, 0},
    {"64", 35, 10, 60, "CT", 0, 0},
    {"22", 25, 1, 15, "CS PX", 0, 0},
    {"08", 25, 0.8, 5, "CT CR PX", 0, 0},
    {"03", 20, 3, 20, "CT BX", 0, 0},
    /* The long tail.  */
    {"02", 10, 2, 10, "CT", 0, 0},
    {"04", 8, 2, 8, "CT", 0, 0},
    {"07", 12, 0.4, 3, "BG CT", 0, 0},
    {"09", 8, 2, 20, "BG SA", 0, 0},
    {"10", 8, 0.2, 0.6, "SA BG", 0, 0},
    {"15", 6, 0.8, 4, "DR", 0, 0},
    {"17", 6, 0.3, 2, "BG", 0, 0},
    {"20", 10, 1, 5, "CT", 0, 0},
    {"21", 8, 2, 10, "CT", 0, 0},
    {"30", 15, 20, 500, "CT PX", 0, 0},
    {"32", 8, 2, 10, "PL DR", 0, 0},
    {"33", 12, 5, 40, "CT", 0, 0},
    {"34", 6, 1, 6, "DR PL CT", 0, 0},
    {"40", 15, 2, 10, "PX RO", 0, 0},
    {"42", 12, 10, 80, "CT", 0, 0},
    {"44", 15, 0.3, 3, "BE PX", 0, 0},
    {"48", 15, 0.8, 4, "RO PX", 0, 0},
    {"49", 6, 3, 20, "PX CT", 0, 0},
    {"63", 12, 2, 15, "BL CT", 0, 0},
    {"69", 10, 1, 8, "PX CR", 0, 0},
    {"70", 10, 1, 10, "CR PX", 0, 0},
    {"71", 4, 200, 20000, "BX", 0, 0},
    {"72", 20, 0.5, 2, "BE NE", 0, 0},
    {"73", 25, 1.5, 8, "PX CS", 0, 0},
    {"76", 10, 2.5, 10, "PX BE", 0, 0},
    {"82", 10, 5, 30, "CT", 0, 0},
    {"83", 8, 3, 20, "CT", 0, 0},
    {"90", 20, 30, 500, "CS BX", 0, 0},
    {"91", 4, 50, 1000, "BX", 0, 0},
    {"96", 10, 3, 20, "CT", 0, 0},
    /* Sensitive: arms, explosives, tobacco, precursors, radioactive.  */
    {"93", 3, 30, 300, "CS BX", 0, 0},
    {"36", 2, 3, 20, "BX CS", 0, 0},
    {"24", 8, 10, 80, "CT CS", 0, 0},
    {"29", 5, 2, 50, "DR BG", 0, 0},
    {"38", 5, 1, 15, "DR PL", 0, 0},
    {"2844", 1, 100, 10000, "CS", 0, 0},
};

static int profile_weights[NELEM(profiles)];

/* Every HS 2022 subheading of the table, in code order.  */
static const struct ref_hs **hs6;
static size_t hs6_len;

static bool
is_subheading(const char *code)
{
	if (strlen(code) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

static int
goods_init(void)
{
	size_t n = ref_hs_count();

	hs6 = malloc(n * sizeof *hs6);
	if (hs6 == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct ref_hs *e = ref_hs_at(i);

		if (is_subheading(e->code))
			hs6[hs6_len++] = e;
	}
	for (size_t p = 0; p < NELEM(profiles); p++) {
		struct profile *pr = &profiles[p];
		size_t len = strlen(pr->prefix);

		pr->lo = pr->hi = 0;
		for (size_t i = 0; i < hs6_len; i++) {
			if (strncmp(hs6[i]->code, pr->prefix, len) != 0)
				continue;
			if (pr->hi == 0)
				pr->lo = i;
			pr->hi = i + 1;
		}
		if (pr->hi == 0) {
			fprintf(stderr, "douane-gen: no HS subheading under %s\n", pr->prefix);
			return -1;
		}
		profile_weights[p] = pr->weight;
	}
	return 0;
}

static double
kind_unit_kg(const char *kind)
{
	static const struct {
		char kind[3];
		double kg;
	} units[] = {
	    {"CT", 12},  {"PK", 8},  {"PX", 450}, {"BX", 10},   {"BG", 25},
	    {"SA", 40},  {"CS", 15}, {"CR", 20},  {"DR", 180},  {"PL", 20},
	    {"BL", 100}, {"RO", 30}, {"BE", 800}, {"NE", 1200},
	};

	for (size_t i = 0; i < NELEM(units); i++)
		if (strncmp(units[i].kind, kind, 2) == 0)
			return units[i].kg;
	return 10;
}

/* --- Transport ------------------------------------------------------------- */

struct sea_line {
	const char *name, *country, *owners, *vessel, *flags;
};

static const struct sea_line sea_lines[] = {
    {"Mediterranean Shipping Company S.A.", "CH", "MSCU,MEDU", "MSC ", "PA,LR,PT"},
    {"A.P. Moller - Maersk A/S", "DK", "MAEU,MSKU,MRKU", "MAERSK ", "DK,SG"},
    {"CMA CGM S.A.", "FR", "CMAU,CGMU", "CMA CGM ", "FR,MT"},
    {"COSCO Shipping Lines Co., Ltd.", "CN", "CSNU,CBHU", "COSCO SHIPPING ", "HK,CN"},
    {"Hapag-Lloyd AG", "DE", "HLXU,HLBU", "", "DE,LR"},
    {"Evergreen Marine Corp. (Taiwan) Ltd.", "TW", "EGHU,EISU", "EVER ", "PA,SG"},
    {"HMM Co., Ltd.", "KR", "HDMU", "HMM ", "KR,MH"},
    {"Ocean Network Express Pte. Ltd.", "SG", "ONEU", "ONE ", "JP,PA"},
};
static const char *const vessel_words[] = {
    "AURORA", "ORION",   "LIBRA",   "GÜLSÜN",    "ISABELLA",  "TRIUMPH", "ACE",        "GIVEN",
    "ARIES",  "DIAMOND", "HAMBURG", "ROTTERDAM", "ALGECIRAS", "PRIDE",   "HARMONY",    "NEPTUNE",
    "GENIUS", "LEADER",  "ZENITH",  "ATLAS",     "TAURUS",    "GLOBE",   "EXCELLENCE", "UNIVERSE"};
static const char *const leasing_owners[] = {"TGHU", "TCNU", "CAIU", "TRHU",
                                             "FCIU", "SEGU", "BMOU", "GESU"};

struct airline {
	const char *code, *name, *country;
};

static const struct airline airlines[] = {
    {"LH", "Deutsche Lufthansa AG", "DE"},
    {"AF", "Société Air France", "FR"},
    {"TK", "Türk Hava Yolları A.O.", "TR"},
    {"EK", "Emirates", "AE"},
    {"QR", "Qatar Airways Group Q.C.S.C.", "QA"},
    {"CA", "Air China Cargo Co., Ltd.", "CN"},
    {"CZ", "China Southern Airlines Co., Ltd.", "CN"},
    {"CV", "Cargolux Airlines International S.A.", "LU"},
    {"LX", "Swiss International Air Lines AG", "CH"},
    {"KL", "KLM Royal Dutch Airlines", "NL"},
    {"BA", "British Airways Plc", "GB"},
    {"FX", "Federal Express Corporation", "US"},
    {"5X", "United Parcel Service Co.", "US"},
    {"ET", "Ethiopian Airlines Group", "ET"},
    {"SQ", "Singapore Airlines Ltd.", "SG"},
};

struct rail_op {
	const char *code, *name, *country;
};

static const struct rail_op rail_ops[] = {
    {"DB", "DB Cargo AG", "DE"},      {"PKP", "PKP Cargo S.A.", "PL"},
    {"KTZ", "KTZ Express JSC", "KZ"}, {"RCA", "Rail Cargo Austria AG", "AT"},
    {"FRET", "Fret SNCF", "FR"},      {"CD", "ČD Cargo, a.s.", "CZ"},
};

/* Registration plates: PREFIXES (comma-separated, or "" for none) then one
 * of PATTERNS (see sb_pattern) with LETTERS.  W: share of trucks and cars
 * at a crossing in eastern France.  */
struct plate_fmt {
	const char *country, *prefixes, *patterns, *letters;
	int w;
};

static const struct plate_fmt plates[] = {
    {"FR", "", "LL-DDD-LL", "ABCDEFGHJKLMNPQRSTVWXYZ", 22},
    {"DE", "B,M,HH,K,F,S,KA,OG,FR,MA,HD,KN,LÖ,EM,RA", "-LL NDDD,-L NDD,-LL NDD,-L NDDD",
     "ABCDEFGHJKLMNPRSTUVWXYZ", 22},
    {"PL", "WA,WI,KR,PO,PZ,GD,DW,SZ,LU,EL,WGM", " NDDDD, NDDDL, NDDLL", "ACEFGHJKLMNPRSTUVWXY", 12},
    {"LT", "", "LLL DDD", "ABCDEFGHJKLMNPRSTUVZ", 6},
    {"RO", "B,CJ,TM,IS,BV,CT,AG,AR", " DD LLL, DDD LLL", "ABCDEFGHJKLMNPRSTUVWXYZ", 7},
    {"BG", "CA,CB,PB,B,A,E,CO", " DDDD LL", "ABEKMHOPCTYX", 5},
    {"TR", "34,06,35,16,01,07,41,27,42,22", " LL NDDD, L NDDD, LLL NDD", "ABCDEFGHJKLMNPRSTUVYZ",
     5},
    {"ES", "", "DDDD LLL", "BCDFGHJKLMNPRSTVWXYZ", 4},
    {"IT", "", "LL DDD LL", "ABCDEFGHJKLMNPRSTVWXYZ", 3},
    {"NL", "", "LL-DDD-L,DD-LLL-D,L-DDD-LL", "BDFGHJKLNPRSTVXZ", 4},
    {"BE", "", "N-LLL-DDD", "ABCDEFGHJKLMNPRSTUVWXYZ", 3},
    {"LU", "", "LL DDDD", "ABCDEFGHJKLMNPRSTUVWXYZ", 2},
    {"CH", "ZH,BE,BS,BL,AG,SG,GE,VD,TI,SO", " NDDDD, NDDDDD", "", 3},
    {"AT", "W,G,L,S,I,KU,VB", "-DDD LL,-DDDD L", "ABCDEFGHJKLMNPRSTUVWXYZ", 2},
    {"CZ", "", "NLD DDDD", "ABCEHJKLMPSTUZ", 3},
    {"SK", "BA,KE,NR,ZA,TT,BB", "-DDDLL", "ABCDEFGHJKLMNPRSTUVXYZ", 2},
    {"HU", "", "LLL-DDD,LL LL-DDD", "ABCDEFGHIJKLMNOPRSTUVWXYZ", 2},
    {"UA", "AA,KA,BC,AX,AI,BO,AT", " DDDD LL", "ABCEHIKMOPTX", 3},
    {"GB", "", "LLDD LLL", "ABCDEFGHJKLMNOPRSTUVWXYZ", 1},
    {"GE", "", "LL-DDD-LL", "ABCDEFGHIJKLMNOPRSTUVWXYZ", 1},
    {"RS", "BG,NS,NI,KG,SU", " DDD-LL, DDDD-LL", "ABCDEFGHJKLMNOPRSTUVWXYZ", 1},
};

static int plate_weights[NELEM(plates)];

static size_t
plate(struct sb *s, struct rng *r)
{
	size_t i = pick_weighted(r, plate_weights, NELEM(plates));
	struct sb pat;

	if (plates[i].prefixes[0] != '\0')
		sb_add_field(s, r, plates[i].prefixes, 0);
	sb_reset(&pat);
	sb_add_field(&pat, r, plates[i].patterns, 0);
	sb_pattern(s, r, pat.b, plates[i].letters);
	return i;
}

/* Who drives trucks through Europe.  */
static const char *const driver_nat[] = {"PL", "RO", "UA", "LT", "BG", "BY",
                                         "MD", "GE", "TR", "KZ", "FR", "DE"};
static const int driver_nat_w[] = {20, 15, 20, 8, 8, 6, 4, 4, 6, 2, 4, 3};

/* Container number with its ISO 6346 check digit.  A serial whose check
 * value is 10 is drawn again, as the standard recommends.  */
static void
container_number(struct sb *s, struct rng *r, const char *owner)
{
	char num[12];

	for (;;) {
		long sum = 0;

		memcpy(num, owner, 4);
		for (int i = 4; i < 10; i++)
			num[i] = (char)('0' + rng_below(r, 10));
		for (int i = 0; i < 10; i++) {
			int v;

			if (num[i] >= 'A' && num[i] <= 'Z') {
				/* A=10, then skipping multiples of 11.  */
				v = 10 + (num[i] - 'A');
				v += (v - 1) / 10;
			} else {
				v = num[i] - '0';
			}
			sum += (long)v << i;
		}
		if (sum % 11 == 10)
			continue;
		num[10] = (char)('0' + sum % 11);
		num[11] = '\0';
		sb_add(s, num);
		return;
	}
}

/* --- The generator ----------------------------------------------------------- */

struct gen {
	FILE *out;
	struct rng r;
	uint64_t seed;
	long long day0; /* the arrival day, seconds since the epoch */
	int year;
	long count;
	int mix[3]; /* consignments, travellers, vehicles */
	const char *crossing;
	char dest[3]; /* the crossing's country */
	const char *manifest_id;
	const char *prefix;
	int w_origin[NELEM(countries)];
	int w_nat[NELEM(countries)];
};

/* Traffic by hour of the day, busiest in working hours.  */
static const int hourly[24] = {2, 1, 1, 1, 2, 4, 7, 9, 10, 9, 9, 8,
                               7, 8, 9, 9, 9, 8, 7, 5, 4,  3, 3, 2};

/* Arrival of subject I of the day: the point I/COUNT of the traffic curve,
 * with a jitter inside its own slot so times never go backwards.  */
static long long
arrival(struct gen *g, long i)
{
	int total = 0, h = 0;
	double target;
	long sec;

	for (int k = 0; k < 24; k++)
		total += hourly[k];
	target = ((double)i + rng_unit(&g->r)) / (double)g->count * total;
	while (h < 23 && target >= hourly[h]) {
		target -= hourly[h];
		h++;
	}
	sec = h * 3600L + (long)(target / hourly[h] * 3600);
	if (sec > 86399)
		sec = 86399;
	return g->day0 + sec;
}

static bool
in_eu(const char *code)
{
	static const char *const eu[] = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK",
	                                 "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	                                 "IE", "IT", "LT", "LU", "LV", "MT", "NL",
	                                 "PL", "PT", "RO", "SE", "SI", "SK"};

	for (size_t i = 0; i < sizeof eu / sizeof eu[0]; i++)
		if (strcmp(eu[i], code) == 0)
			return true;
	return false;
}

/* A trader's identifier: an EORI number in the EU and Britain, a unified
 * social credit code in China, a national number elsewhere.  */
static void
party_id(struct sb *s, struct rng *r, const char *country)
{
	sb_add(s, country);
	if (strcmp(country, "FR") == 0)
		sb_pattern(s, r, "NDDDDDDDDDDDDD", "");
	else if (strcmp(country, "GB") == 0)
		sb_pattern(s, r, "NDDDDDDDDDDD", "");
	else if (strcmp(country, "CN") == 0)
		sb_pattern(s, r, "91DDDD00MALLLLLLLL", "0123456789ABCDEFGHJKLMNPQRTUWXY");
	else if (in_eu(country))
		sb_pattern(s, r, "NDDDDDDDDDDD", "");
	else
		sb_pattern(s, r, "NDDDDDDDD", "");
}

static void
put_party(struct gen *g, const char *role, const char *country, const char *name, bool with_id,
          bool with_address)
{
	FILE *f = g->out;
	const struct country *c = country_get(country);
	struct sb s;

	fprintf(f, "    <party role=\"%s\" country=\"%s\"", role, country);
	if (with_id) {
		sb_reset(&s);
		party_id(&s, &g->r, country);
		fprintf(f, " id=\"%s\"", s.b);
	}
	fputs("><name>", f);
	put_esc(f, name);
	fputs("</name>", f);
	if (with_address && c != NULL) {
		sb_reset(&s);
		address(&s, &g->r, c);
		fputs("\n      <address>", f);
		put_esc(f, s.b);
		fputs("</address>\n    ", f);
	}
	fputs("</party>\n", f);
}

static void
put_company(struct gen *g, const char *role, const char *country, int id_pct)
{
	struct sb name;

	sb_reset(&name);
	company_name(&name, &g->r, country_get(country));
	put_party(g, role, country, name.b, rng_pct(&g->r, id_pct), rng_pct(&g->r, 75));
}

static void
put_person_party(struct gen *g, const char *role, const char *country)
{
	const struct country *c = country_get(country);
	struct sb name;

	sb_reset(&name);
	person_name(&name, &g->r, c->culture, rng_pct(&g->r, 50));
	put_party(g, role, country, name.b, false, true);
}

static void
put_subject_open(struct gen *g, const char *tag, const char *kind, long i, const char *mode)
{
	char when[24];

	format_time(when, arrival(g, i));
	fprintf(g->out, "  <%s ref=\"", tag);
	put_esc(g->out, g->prefix);
	fprintf(g->out, "%s-%07ld\" mode=\"%s\" arrival=\"%s\">\n", kind, i + 1, mode, when);
}

enum mode { M_ROAD, M_SEA, M_AIR, M_RAIL, M_POST };
static const char *const mode_names[] = {"road", "sea", "air", "rail", "post"};

static enum mode
consignment_mode(struct rng *r, const struct country *from)
{
	static const int w[][5] = {
	    [R_WEU] = {78, 2, 5, 8, 7},  [R_EEU] = {82, 0, 3, 8, 7},   [R_SEE] = {75, 10, 6, 3, 6},
	    [R_CIS] = {70, 0, 5, 20, 5}, [R_MAG] = {45, 35, 12, 0, 8}, [R_FAR] = {0, 58, 25, 8, 9},
	};
	enum mode m = (enum mode)pick_weighted(r, w[from->region], 5);

	/* Trains from the far east run from China only.  */
	if (m == M_RAIL && from->region == R_FAR && strcmp(from->code, "CN") != 0)
		m = M_SEA;
	return m;
}

/* Pick K countries of POOL (kept in its order, which is the order along the
 * way) that are neither FROM nor TO, and write them as route countries.  */
static int
put_transits(struct gen *g, const char *const *pool, size_t n, int k, const char *from,
             const char *to)
{
	size_t avail = 0;
	int written = 0;

	for (size_t i = 0; i < n; i++)
		if (strcmp(pool[i], from) != 0 && strcmp(pool[i], to) != 0)
			avail++;
	for (size_t i = 0; i < n && k > 0; i++) {
		if (strcmp(pool[i], from) == 0 || strcmp(pool[i], to) == 0)
			continue;
		if (rng_below(&g->r, avail) < (uint64_t)k) {
			fprintf(g->out, "<country>%s</country>", pool[i]);
			k--;
			written++;
		}
		avail--;
	}
	return written;
}

static void
put_route(struct gen *g, enum mode m, const struct country *from)
{
	static const char *const sea_far[] = {"SG", "LK", "AE", "EG", "MA"};
	static const char *const sea_near[] = {"ES", "NL", "BE", "DE"};
	static const char *const air[] = {"AE", "QA", "TR", "DE", "NL", "LU"};
	static const char *const road_weu[] = {"ES", "GB", "BE", "LU", "DE", "CH"};
	static const char *const road_eeu[] = {"LT", "PL", "CZ", "SK", "HU", "AT", "DE"};
	static const char *const road_see[] = {"GE", "TR", "GR", "BG", "RO",
	                                       "RS", "HU", "AT", "DE"};
	static const char *const road_cis[] = {"BY", "UA", "LT", "PL", "DE"};
	static const char *const road_mag[] = {"ES"};
	static const char *const rail_far[] = {"KZ", "BY", "PL", "DE"};
	static const char *const rail_eu[] = {"PL", "CZ", "AT", "DE"};
	static const char *const post[] = {"DE", "NL", "BE", "AE"};
	static const int k_w[3] = {30, 45, 25};
	int k = (int)pick_weighted(&g->r, k_w, 3);
	FILE *f = g->out;

	fprintf(f, "    <route><country>%s</country>", from->code);
	switch (m) {
	case M_SEA:
		if (k == 2 && from->region == R_FAR)
			put_transits(g, sea_far, NELEM(sea_far), 1, from->code, g->dest);
		if (k >= 1)
			put_transits(g, sea_near, NELEM(sea_near), 1, from->code, g->dest);
		break;
	case M_AIR:
		put_transits(g, air, NELEM(air), k > 1 ? 1 : k, from->code, g->dest);
		break;
	case M_RAIL:
		if (from->region == R_FAR || from->region == R_CIS)
			put_transits(g, rail_far, NELEM(rail_far), k, from->code, g->dest);
		else
			put_transits(g, rail_eu, NELEM(rail_eu), k, from->code, g->dest);
		break;
	case M_POST:
		put_transits(g, post, NELEM(post), k > 1 ? 1 : k, from->code, g->dest);
		break;
	case M_ROAD:
		switch (from->region) {
		case R_EEU:
			put_transits(g, road_eeu, NELEM(road_eeu), k, from->code, g->dest);
			break;
		case R_SEE:
			put_transits(g, road_see, NELEM(road_see), k, from->code, g->dest);
			break;
		case R_CIS:
			put_transits(g, road_cis, NELEM(road_cis), k, from->code, g->dest);
			break;
		case R_MAG:
			put_transits(g, road_mag, NELEM(road_mag), 1, from->code, g->dest);
			break;
		default:
			put_transits(g, road_weu, NELEM(road_weu), k > 1 ? 1 : k, from->code,
			             g->dest);
			break;
		}
		break;
	}
	fprintf(f, "<country>%s</country></route>\n", g->dest);
}

static const char *
currency(struct rng *r, const struct country *from, double *rate)
{
	int x = (int)rng_below(r, 100);

	if (strcmp(from->code, "US") == 0 || (from->region == R_FAR && x < 55) ||
	    (strcmp(from->code, "CN") == 0 && x < 75)) {
		if (strcmp(from->code, "CN") == 0 && x >= 55) {
			*rate = 7.8;
			return "CNY";
		}
		*rate = 1.08;
		return "USD";
	}
	if (strcmp(from->code, "GB") == 0 && x < 80) {
		*rate = 0.85;
		return "GBP";
	}
	if (from->region != R_FAR && x >= 92) {
		*rate = 1.08;
		return "USD";
	}
	*rate = 1.0;
	return "EUR";
}

static void
put_item(struct gen *g, int seq, size_t prof, const char *origin, double gross, enum mode m,
         const char *cur, double rate)
{
	FILE *f = g->out;
	struct rng *r = &g->r;
	const struct profile *p = &profiles[prof];
	const struct ref_hs *hs = hs6[p->lo + rng_below(r, p->hi - p->lo)];
	static const char *const ext8[] = {"00", "10", "90", "99"};
	static const char *const ext10[] = {"0000", "1000", "9000", "0010", "9090"};
	double net = gross * (0.80 + 0.15 * rng_unit(r));
	double value = net * rng_logu(r, p->vpk_lo, p->vpk_hi) * rate;
	struct sb kind;
	long count;
	int x = (int)rng_below(r, 100);

	fprintf(f, "    <item seq=\"%d\" hs=\"%s%s\" origin=\"%s\">\n      <description>", seq,
	        hs->code,
	        x < 75   ? ""
	        : x < 90 ? pick(r, (struct list)LIST(ext8))
	                 : pick(r, (struct list)LIST(ext10)),
	        origin);
	put_esc(f, hs->description);
	fputs("</description>\n", f);

	sb_reset(&kind);
	if (m == M_POST) {
		sb_add(&kind, rng_pct(r, 70) ? "PK" : "BX");
		count = rng_pct(r, 85) ? 1 : 2;
	} else {
		/* Kinds are "XX YY ZZ": pick one of the two-letter codes.  */
		size_t nk = (strlen(p->kinds) + 1) / 3;

		sb_addn(&kind, p->kinds + 3 * rng_below(r, nk), 2);
		count = (long)(gross / kind_unit_kg(kind.b) * (0.7 + 0.6 * rng_unit(r)) + 0.5);
		if (count < 1)
			count = 1;
	}
	fprintf(f, "      <packages count=\"%ld\" kind=\"%s\"/>\n", count, kind.b);
	if (gross < 1)
		fprintf(f, "      <mass gross=\"%.3f\" net=\"%.3f\"/>\n", gross, net);
	else
		fprintf(f, "      <mass gross=\"%.1f\" net=\"%.1f\"/>\n", gross, net);
	fprintf(f, "      <value amount=\"%.2f\" currency=\"%s\"/>\n    </item>\n", value, cur);
}

static void
put_consignment(struct gen *g, long i)
{
	FILE *f = g->out;
	struct rng *r = &g->r;
	const struct country *origin, *from;
	enum mode m;
	double gross, rate, shares[8], total = 0;
	const char *cur;
	int nitems;
	size_t prof;
	struct sb s;
	const struct sea_line *line = NULL;
	const struct airline *al = NULL;
	const struct rail_op *op = NULL;
	size_t pl = 0;

	do
		origin = &countries[pick_weighted(r, g->w_origin, NELEM(countries))];
	while (strcmp(origin->code, g->dest) == 0);
	from = origin;
	if (rng_pct(r, 10)) {
		/* Re-exported through a trading hub.  */
		static const char *const hubs[] = {"HK", "SG", "AE", "NL", "BE", "DE", "TR"};
		const struct country *hub = country_get(pick(r, (struct list)LIST(hubs)));

		if (strcmp(hub->code, g->dest) != 0)
			from = hub;
	}
	m = consignment_mode(r, from);
	put_subject_open(g, "consignment", "CN", i, mode_names[m]);

	/* The conveyance.  */
	sb_reset(&s);
	switch (m) {
	case M_ROAD:
		pl = plate(&s, r);
		fputs("    <conveyance id=\"", f);
		put_esc(f, s.b);
		fprintf(f, "\" nationality=\"%s\"/>\n", plates[pl].country);
		break;
	case M_SEA:
		line = &sea_lines[rng_below(r, NELEM(sea_lines))];
		sb_add(&s, line->vessel);
		sb_add(&s, pick(r, (struct list)LIST(vessel_words)));
		if (line->vessel[0] == '\0')
			sb_add(&s, " EXPRESS");
		fputs("    <conveyance id=\"", f);
		put_esc(f, s.b);
		sb_reset(&s);
		sb_add_field(&s, r, line->flags, 0);
		fprintf(f, "\" nationality=\"%s\"/>\n", s.b);
		break;
	case M_AIR:
		al = &airlines[rng_below(r, NELEM(airlines))];
		fprintf(f, "    <conveyance id=\"%s%d\" nationality=\"%s\"/>\n", al->code,
		        rng_range(r, 100, 9999), al->country);
		break;
	case M_RAIL:
		op = &rail_ops[rng_below(r, NELEM(rail_ops))];
		fprintf(f, "    <conveyance id=\"%s %d\" nationality=\"%s\"/>\n", op->code,
		        rng_range(r, 40000, 49999), op->country);
		break;
	case M_POST:
		break;
	}

	/* Parties: who sends, who receives, and sometimes who declares, who
	 * carries and who is to be told.  */
	if (m == M_POST && rng_pct(r, 40))
		put_person_party(g, "consignor", from->code);
	else
		put_company(g, "consignor", from->code, 60);
	if (m == M_POST && rng_pct(r, 80))
		put_person_party(g, "consignee", g->dest);
	else
		put_company(g, "consignee", g->dest, 85);
	if (m != M_POST && rng_pct(r, 35))
		put_company(g, "declarant", g->dest, 90);
	if (rng_pct(r, 40)) {
		if (line != NULL)
			put_party(g, "carrier", line->country, line->name, false, false);
		else if (al != NULL)
			put_party(g, "carrier", al->country, al->name, false, false);
		else if (op != NULL)
			put_party(g, "carrier", op->country, op->name, false, false);
		else if (m == M_ROAD && country_get(plates[pl].country) != NULL)
			put_company(g, "carrier", plates[pl].country, 50);
	}
	if (m == M_SEA && rng_pct(r, 25))
		put_company(g, "notify", g->dest, 50);

	put_route(g, m, from);

	switch (m) {
	case M_ROAD:
		gross = rng_logu(r, 80, 24000);
		break;
	case M_SEA:
		gross = rng_logu(r, 1500, 26000);
		break;
	case M_AIR:
		gross = rng_logu(r, 3, 2500);
		break;
	case M_RAIL:
		gross = rng_logu(r, 3000, 22000);
		break;
	default:
		gross = rng_logu(r, 0.1, 25);
		break;
	}

	/* Containers by sea, and on most trains.  */
	if ((m == M_SEA && rng_pct(r, 95)) || (m == M_RAIL && rng_pct(r, 70))) {
		int nc = 1 + (int)(gross / 22000) + (rng_pct(r, 15) ? 1 : 0);

		for (int c = 0; c < nc && c < 3; c++) {
			struct sb owner;

			sb_reset(&owner);
			if (line != NULL && rng_pct(r, 80))
				sb_add_field(&owner, r, line->owners, 0);
			else
				sb_add(&owner, pick(r, (struct list)LIST(leasing_owners)));
			sb_reset(&s);
			container_number(&s, r, owner.b);
			fprintf(f, "    <container number=\"%s\"", s.b);
			if (rng_pct(r, 85)) {
				sb_reset(&s);
				sb_pattern(&s, r, rng_pct(r, 50) ? "LLDDDDDDD" : "DDDDDDDD", ALPHA);
				fprintf(f, " seal=\"%s\"", s.b);
			}
			fputs("/>\n", f);
		}
	}

	/* Goods: mostly of one trade, sometimes mixed.  */
	{
		int x = (int)rng_below(r, 100);

		nitems = m == M_POST ? (x < 80 ? 1 : 2)
		         : x < 50    ? 1
		         : x < 85    ? rng_range(r, 2, 3)
		                     : rng_range(r, 4, 8);
	}
	for (int k = 0; k < nitems; k++) {
		shares[k] = 1 + (double)rng_below(r, 10);
		total += shares[k];
	}
	cur = currency(r, from, &rate);
	prof = pick_weighted(r, profile_weights, NELEM(profiles));
	for (int k = 0; k < nitems; k++) {
		const char *o = origin->code;

		if (k > 0 && rng_pct(r, 20))
			prof = pick_weighted(r, profile_weights, NELEM(profiles));
		if (k > 0 && rng_pct(r, 10))
			o = countries[pick_weighted(r, g->w_origin, NELEM(countries))].code;
		put_item(g, k + 1, prof, o, gross * shares[k] / total, m, cur, rate);
	}
	fputs("  </consignment>\n", f);
}

/* Write a person's <name>, <birth> and <nationality> for a national of
 * country C; drivers are ADULT.  */
static void
put_person(struct gen *g, const struct country *c, const char *indent, bool adult)
{
	FILE *f = g->out;
	struct rng *r = &g->r;
	enum culture_id cid = c->culture;
	struct sb name;

	/* Maghreb names are written in Arabic script or in French
	 * transliteration, about as often.  */
	if (cid == C_MG && rng_pct(r, 40))
		cid = C_AR;
	sb_reset(&name);
	person_name(&name, r, cid, rng_pct(r, 45));
	fprintf(f, "%s<name>", indent);
	put_esc(f, name.b);
	fputs("</name>", f);
	if (rng_pct(r, 97))
		put_birth(f, r, g->year, adult);
	fprintf(f, "<nationality>%s</nationality>", c->code);
}

static void
put_traveller(struct gen *g, long i)
{
	static const int mode_w[3] = {70, 20, 10};
	static const char *const modes[3] = {"road", "air", "rail"};
	FILE *f = g->out;
	struct rng *r = &g->r;
	const struct country *c = &countries[pick_weighted(r, g->w_nat, NELEM(countries))];
	const char *type = "passport", *issuer = c->code;
	struct sb num;

	put_subject_open(g, "traveller", "TR", i, modes[pick_weighted(r, mode_w, 3)]);
	put_person(g, c, "    ", false);
	fputs("\n", f);
	sb_reset(&num);
	if (in_eu(c->code) && issues_id_cards(c->code) && rng_pct(r, 45)) {
		type = "id-card";
		document_number(&num, r, c->code, true);
	} else if (!in_eu(c->code) && rng_pct(r, 8)) {
		type = "residence-permit";
		issuer = rng_pct(r, 70) ? g->dest : "DE";
		sb_pattern(&num, r, "LLDDDDDDD", ALPHA);
	} else {
		document_number(&num, r, c->code, false);
	}
	fprintf(f, "    <document type=\"%s\" number=\"%s\" country=\"%s\"/>\n  </traveller>\n",
	        type, num.b, issuer);
}

static void
put_vehicle(struct gen *g, long i)
{
	FILE *f = g->out;
	struct rng *r = &g->r;
	struct sb s;
	const struct country *driver;
	size_t pl;

	put_subject_open(g, "vehicle", "VH", i, "road");
	sb_reset(&s);
	pl = plate(&s, r);
	fputs("    <plate number=\"", f);
	put_esc(f, s.b);
	fprintf(f, "\" country=\"%s\"/>\n", plates[pl].country);
	driver = country_get(plates[pl].country);
	if (driver == NULL || driver->w_nat == 0 || rng_pct(r, 25))
		driver = country_get(driver_nat[pick_weighted(r, driver_nat_w, NELEM(driver_nat))]);
	fputs("    <driver>", f);
	put_person(g, driver, "", true);
	fputs("</driver>\n  </vehicle>\n", f);
}

static void
put_manifest(struct gen *g)
{
	FILE *f = g->out;
	char issued[24];

	format_time(issued, g->day0 - 2 * 3600);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<!-- written by douane-gen: seed=%" PRIu64 " count=%ld mix=%d,%d,%d -->\n",
	        g->seed, g->count, g->mix[0], g->mix[1], g->mix[2]);
	fputs("<manifest xmlns=\"urn:douane:manifest:1\" id=\"", f);
	put_esc(f, g->manifest_id);
	fprintf(f, "\" issued=\"%s\" crossing=\"%s\">\n", issued, g->crossing);
	for (long i = 0; i < g->count; i++) {
		switch (pick_weighted(&g->r, g->mix, 3)) {
		case 0:
			put_consignment(g, i);
			break;
		case 1:
			put_traveller(g, i);
			break;
		default:
			put_vehicle(g, i);
			break;
		}
	}
	fputs("</manifest>\n", f);
}

/* --- Start-up checks and the command line --------------------------------- */

/* Every country code in the tables must be one douane knows: a typo here
 * would make the importer reject the generated file.  */
static int
check_countries(void)
{
	const char *bad = NULL;

	_Static_assert(NELEM(countries) < 255, "country_index holds a byte");
	country_index_init();
	for (size_t i = 0; i < NELEM(countries) && !bad; i++)
		if (!ref_country_valid(countries[i].code))
			bad = countries[i].code;
	for (size_t i = 0; i < NELEM(plates) && !bad; i++)
		if (!ref_country_valid(plates[i].country))
			bad = plates[i].country;
	for (size_t i = 0; i < NELEM(driver_nat) && !bad; i++)
		if (country_get(driver_nat[i]) == NULL)
			bad = driver_nat[i];
	for (size_t i = 0; i < NELEM(airlines) && !bad; i++)
		if (!ref_country_valid(airlines[i].country))
			bad = airlines[i].country;
	for (size_t i = 0; i < NELEM(rail_ops) && !bad; i++)
		if (!ref_country_valid(rail_ops[i].country))
			bad = rail_ops[i].country;
	for (size_t i = 0; i < NELEM(sea_lines) && !bad; i++)
		if (!ref_country_valid(sea_lines[i].country))
			bad = sea_lines[i].country;
	if (bad != NULL) {
		fprintf(stderr, "douane-gen: internal table names unknown country %s\n", bad);
		return -1;
	}
	return 0;
}

static void
usage(FILE *f)
{
	fputs("Usage: douane-gen [OPTION]...\n"
	      "Write a douane manifest (urn:douane:manifest:1) of generated subjects.\n"
	      "The same seed and options always give the same bytes.\n\n"
	      "  -s, --seed N            random seed (default 1)\n"
	      "  -n, --count N           number of subjects (default 1000)\n"
	      "      --mix C,T,V         weights of consignments, travellers and vehicles\n"
	      "                          (default 70,20,10)\n"
	      "      --date YYYY-MM-DD   day of arrival (default 2026-11-24)\n"
	      "      --crossing LOCODE   UN/LOCODE of the crossing (default FRSXB)\n"
	      "      --manifest-id ID    manifest identifier (default GEN-DATE-SEED)\n"
	      "      --ref-prefix P      put P before every subject reference, so files\n"
	      "                          generated apart do not collide\n"
	      "  -o, --output FILE       write to FILE instead of standard output\n"
	      "  -h, --help              show this help and exit\n"
	      "  -V, --version           show the version and exit\n",
	      f);
}

static bool
parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool
parse_date(const char *s, int *y, int *m, int *d)
{
	int cy, cm, cd;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > 31)
		return false;
	/* Reject 2026-02-30: the date must come back unchanged.  */
	civil_from_days(days_from_civil(*y, *m, *d), &cy, &cm, &cd);
	return cy == *y && cm == *m && cd == *d;
}

static bool
parse_mix(const char *s, int mix[3])
{
	long v[3];
	char buf[64];
	char *p = buf, *comma;

	if (strlen(s) >= sizeof buf)
		return false;
	strcpy(buf, s);
	for (int i = 0; i < 3; i++) {
		comma = strchr(p, ',');
		if ((i < 2) != (comma != NULL))
			return false;
		if (comma != NULL)
			*comma = '\0';
		if (!parse_long(p, 0, 1000000, &v[i]))
			return false;
		p = comma ? comma + 1 : p;
	}
	if (v[0] + v[1] + v[2] == 0)
		return false;
	for (int i = 0; i < 3; i++)
		mix[i] = (int)v[i];
	return true;
}

static bool
valid_locode(const char *s)
{
	char cc[3];

	if (strlen(s) != 5)
		return false;
	for (int i = 2; i < 5; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '2' && s[i] <= '9')))
			return false;
	memcpy(cc, s, 2);
	cc[2] = '\0';
	return ref_country_valid(cc);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"seed", required_argument, NULL, 's'},
	    {"count", required_argument, NULL, 'n'},
	    {"mix", required_argument, NULL, 'm'},
	    {"date", required_argument, NULL, 'd'},
	    {"crossing", required_argument, NULL, 'c'},
	    {"manifest-id", required_argument, NULL, 'i'},
	    {"ref-prefix", required_argument, NULL, 'p'},
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	struct gen g;
	const char *output = NULL, *date = "2026-11-24";
	char default_id[64];
	int c, y, m, d, rc = 0;
	long v;

	memset(&g, 0, sizeof g);
	g.seed = 1;
	g.count = 1000;
	g.mix[0] = 70;
	g.mix[1] = 20;
	g.mix[2] = 10;
	g.crossing = "FRSXB";
	g.prefix = "";
	while ((c = getopt_long(argc, argv, "s:n:o:hV", opts, NULL)) != -1) {
		switch (c) {
		case 's': {
			char *end;

			errno = 0;
			g.seed = strtoull(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' || optarg[0] == '-') {
				fprintf(stderr, "douane-gen: bad seed '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'n':
			if (!parse_long(optarg, 0, 999999999, &v)) {
				fprintf(stderr, "douane-gen: bad count '%s'\n", optarg);
				return EXIT_USAGE;
			}
			g.count = v;
			break;
		case 'm':
			if (!parse_mix(optarg, g.mix)) {
				fprintf(stderr,
				        "douane-gen: bad mix '%s' (want C,T,V, not all 0)\n",
				        optarg);
				return EXIT_USAGE;
			}
			break;
		case 'd':
			date = optarg;
			break;
		case 'c':
			g.crossing = optarg;
			break;
		case 'i':
			g.manifest_id = optarg;
			break;
		case 'p':
			g.prefix = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("douane-gen (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "douane-gen: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!parse_date(date, &y, &m, &d)) {
		fprintf(stderr, "douane-gen: bad date '%s' (want YYYY-MM-DD)\n", date);
		return EXIT_USAGE;
	}
	if (!valid_locode(g.crossing)) {
		fprintf(stderr, "douane-gen: bad crossing '%s' (want a UN/LOCODE like FRSXB)\n",
		        g.crossing);
		return EXIT_USAGE;
	}
	if (strlen(g.prefix) > 40) {
		fprintf(stderr, "douane-gen: reference prefix longer than 40 characters\n");
		return EXIT_USAGE;
	}
	if (g.manifest_id == NULL) {
		snprintf(default_id, sizeof default_id, "GEN-%04d%02d%02d-%" PRIu64, y, m, d,
		         g.seed);
		g.manifest_id = default_id;
	}
	if (g.manifest_id[0] == '\0' || strlen(g.manifest_id) > 64) {
		fprintf(stderr, "douane-gen: the manifest id must have 1 to 64 characters\n");
		return EXIT_USAGE;
	}
	memcpy(g.dest, g.crossing, 2);
	g.dest[2] = '\0';
	g.year = y;
	g.day0 = (long long)days_from_civil(y, m, d) * 86400;
	rng_seed(&g.r, g.seed);

	if (check_countries() != 0 || goods_init() != 0)
		return EXIT_SOFTWARE;
	for (size_t i = 0; i < NELEM(countries); i++) {
		g.w_origin[i] = countries[i].w_origin;
		g.w_nat[i] = countries[i].w_nat;
	}
	for (size_t i = 0; i < NELEM(plates); i++)
		plate_weights[i] = plates[i].w;

	if (output != NULL) {
		g.out = fopen(output, "w");
		if (g.out == NULL) {
			fprintf(stderr, "douane-gen: %s: %s\n", output, strerror(errno));
			return EXIT_IO;
		}
	} else {
		g.out = stdout;
	}
	setvbuf(g.out, NULL, _IOFBF, 1 << 20);
	put_manifest(&g);
	if (fflush(g.out) != 0 || ferror(g.out)) {
		fprintf(stderr, "douane-gen: %s: %s\n", output ? output : "standard output",
		        strerror(errno));
		rc = EXIT_IO;
	}
	if (output != NULL && fclose(g.out) != 0 && rc == 0) {
		fprintf(stderr, "douane-gen: %s: %s\n", output, strerror(errno));
		rc = EXIT_IO;
	}
	if (rc != 0 && output != NULL)
		remove(output);
	free(hs6);
	return rc;
}
