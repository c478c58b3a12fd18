/* glstream.h — the parts of the glstream tool (main.c: info and stats, dump.c,
 * replay.c) and what they share. */
#ifndef FAKEGL_GLSTREAM_H
#define FAKEGL_GLSTREAM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "gls.h"

/* An inclusive range of numbers; parsed from "A-B", "A", "A-" or "-B". */
struct gls_range {
	uint64_t first, last;
};
int gls_parse_range(const char *s, struct gls_range *r);

/* One line "glstream: FILE: why" on stderr; returns 1 (the exit status). */
int gls_fail(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print one command as a dump line (without its number). */
void gls_print_command(FILE *out, const struct gls_command *cmd);

int gls_dump(int argc, char **argv);
int gls_replay(int argc, char **argv);

#endif
