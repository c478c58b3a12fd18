/* bench-sink.c — guards against measuring the host when timing the guest encoder: a
 * stand-in for glrender that takes the handshake and then discards every command,
 * answering only what the guest waits for (synchronous calls with zeros, swaps with an
 * empty frame), so that a guest's calls per second are its own (issue 6).
 *
 *   bench-sink --listen ADDR --ops LIST
 *
 * LIST is `gen_gl.py list` output ("OPCODE NAME sync|async|local|not-forwarded"): it
 * says which GL commands are answered. Serves each connection on its own thread until
 * it ends; runs until killed. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire.h"

static unsigned char answered[65536];

/* fakegl's own commands that the guest waits on (opcodes below 64; libfakegl's
 * fgl_sync callers): glXCreateContext, fglPing, fglBufferRead, fglIndexRange. */
static const unsigned internal_sync[] = {1, 7, 9, 11};
#define OP_SWAP 4 /* glXSwapBuffers: a frame comes back */

static int read_ops(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench-sink: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char line[256], name[200], how[32];
	unsigned op;
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%u %199s %31s", &op, name, how) != 3 || op > 65535) {
			fprintf(stderr, "bench-sink: %s: bad line: %s", path, line);
			fclose(f);
			return -1;
		}
		answered[op] = !strcmp(how, "sync");
		n++;
	}
	fclose(f);
	for (size_t i = 0; i < sizeof internal_sync / sizeof internal_sync[0]; i++)
		answered[internal_sync[i]] = 1;
	return n > 0 ? 0 : -1;
}

/* A reply of zeros: no outputs (a zero count) and a zero return value, whatever the
 * guest expects; glXCreateContext reads status 0, success. */
static int answer(int fd)
{
	uint8_t msg[4 + 64] = {0};
	wire_put_hdr((uint32_t *)(void *)msg, WIRE_MSG_REPLY, sizeof msg);
	return wire_write_all(fd, msg, sizeof msg);
}

static int empty_frame(int fd, const uint8_t *cmd, size_t len, uint32_t serial)
{
	struct {
		uint32_t hdr;
		struct wire_frame f;
	} msg = {0, {0, 0, 0, serial}};
	if (len >= 8)
		memcpy(&msg.f.drawable, cmd + 4, 4);
	wire_put_hdr(&msg.hdr, WIRE_MSG_FRAME, sizeof msg);
	return wire_write_all(fd, &msg, sizeof msg);
}

static void *serve(void *arg)
{
	int fd = (int)(intptr_t)arg;
	struct wire_hello h;
	char err[256];
	const size_t cap = 1 << 20;
	uint8_t *buf = malloc(cap);
	size_t have = 0, skip = 0;
	uint32_t swaps = 0;
	if (!buf || wire_server_handshake(fd, &h, NULL, err, sizeof err) < 0)
		goto out;
	for (;;) {
		long n = wire_read_some(fd, buf + have, cap - have, false);
		if (n <= 0)
			break;
		have += (size_t)n;
		size_t pos = 0;
		if (skip) { /* the rest of a command larger than the buffer */
			size_t k = skip < have ? skip : have;
			skip -= k;
			pos = k;
		}
		while (have - pos >= 4) {
			uint32_t hw;
			memcpy(&hw, buf + pos, 4);
			size_t total = (size_t)WIRE_HDR_WORDS(hw) * 4;
			uint32_t op = WIRE_HDR_OP(hw);
			if (!total) {
				uint32_t op2;
				size_t hb;
				total = wire_msg_size(buf + pos, have - pos, WIRE_MAX_COMMAND, &op2, &hb);
				if (total == 0)
					break;
				if (total == (size_t)-1)
					goto out;
			}
			if (total > have - pos) {
				if (total <= cap)
					break; /* the rest comes with the next read */
				skip = total - (have - pos);
				pos = have;
				break;
			}
			if (answered[op] && answer(fd) < 0)
				goto out;
			if (op == OP_SWAP && empty_frame(fd, buf + pos, total, ++swaps) < 0)
				goto out;
			pos += total;
		}
		memmove(buf, buf + pos, have - pos);
		have -= pos;
	}
out:
	free(buf);
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *listen_at = NULL, *ops = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--listen") && i + 1 < argc)
			listen_at = argv[++i];
		else if (!strcmp(argv[i], "--ops") && i + 1 < argc)
			ops = argv[++i];
		else
			listen_at = NULL, i = argc;
	}
	if (!listen_at || !ops) {
		fprintf(stderr, "usage: %s --listen ADDR --ops LIST\n", argv[0]);
		return 2;
	}
	struct wire_addr a;
	char err[256];
	if (read_ops(ops) < 0)
		return 1;
	if (wire_addr_parse(listen_at, &a, err, sizeof err) < 0) {
		fprintf(stderr, "bench-sink: %s\n", err);
		return 1;
	}
	int lfd = wire_listen(&a, err, sizeof err);
	if (lfd < 0) {
		fprintf(stderr, "bench-sink: %s\n", err);
		return 1;
	}
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fprintf(stderr, "bench-sink: accept: %s\n", strerror(errno));
			return 1;
		}
		pthread_t th;
		if (pthread_create(&th, NULL, serve, (void *)(intptr_t)fd) != 0) {
			close(fd);
			continue;
		}
		pthread_detach(th);
	}
}
