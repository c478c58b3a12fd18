/* log.c — one line per message on stderr, written at once so that lines of
 * several threads or processes never interleave. */
#include "wire.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LOG_LINE_MAX 1024

void wire_log(const char *component, const char *file, int line, const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	const char *base = strrchr(file, '/');
	va_list ap;
	size_t n;
	int r, saved = errno; /* callers log strerror(errno) and then test errno */

	/* __FILE__ is a build-relative path ("../wire/io.c"): the name is enough. */
	base = base ? base + 1 : file;
	r = snprintf(buf, sizeof buf, "%s: %s:%d: ", component, base, line);
	n = r < 0 ? 0 : (size_t)r < sizeof buf ? (size_t)r : sizeof buf - 1;
	va_start(ap, fmt);
	r = vsnprintf(buf + n, sizeof buf - n, fmt, ap);
	va_end(ap);
	if (r > 0)
		n += (size_t)r < sizeof buf - n ? (size_t)r : sizeof buf - n - 1;
	/* One line: drop a trailing newline the caller gave, mark a cut, end it. */
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	if (n > sizeof buf - 5) {
		n = sizeof buf - 5;
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n++] = '\n';
	while (write(STDERR_FILENO, buf, n) < 0 && errno == EINTR)
		;
	errno = saved;
}
