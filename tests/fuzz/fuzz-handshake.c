/* fuzz-handshake.c — guards against a hello (or a host's answer) that makes the handshake
 * parser read out of bounds or accept garbage: the input goes to wire_hello_decode, then
 * through a socket to wire_server_handshake (host side) and wire_client_handshake (guest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data into one end of a socket pair and close it: the other end reads it, then
 * end of stream, never a wait. Inputs larger than a socket buffer are cut. */
static int feed(const uint8_t *data, size_t size, int *reader)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	if (size > 8192)
		size = 8192;
	if (size && write(sv[1], data, size) != (ssize_t)size)
		abort();
	shutdown(sv[1], SHUT_WR);
	*reader = sv[0];
	return sv[1];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_hello h;
	char err[256];
	if (wire_hello_decode(data, size, &h) == 0) {
		/* what was accepted must be well formed: NUL-terminated name and token */
		if (strnlen(h.name, sizeof h.name) == sizeof h.name ||
		    strnlen(h.token, sizeof h.token) == sizeof h.token)
			abort();
		/* what it encodes to decodes to the same hello (padding bytes may differ) */
		uint8_t again[8192];
		struct wire_hello back;
		size_t n = wire_hello_encode(&h, again, sizeof again);
		if (n != size || wire_hello_decode(again, n, &back) != 0 ||
		    back.version != h.version || back.session != h.session || back.pid != h.pid ||
		    back.thread != h.thread || strcmp(back.name, h.name) != 0 ||
		    strcmp(back.token, h.token) != 0)
			abort();
	}

	int reader, writer = feed(data, size, &reader);
	if (wire_server_handshake(reader, &h, "fuzz-token", err, sizeof err) == 0 &&
	    strcmp(h.token, "fuzz-token") != 0)
		abort(); /* accepted without the token */
	close(reader);
	close(writer);

	writer = feed(data, size, &reader);
	struct wire_hello mine = {.version = WIRE_VERSION, .session = 1, .pid = 1};
	strcpy(mine.name, "fuzz");
	wire_client_handshake(reader, &mine, err, sizeof err);
	close(reader);
	close(writer);
	return 0;
}
