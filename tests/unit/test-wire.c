/* test-wire.c — guards against regressions anywhere in wire/: runs every suite. */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(addr_suite());
	int failed;

	srunner_add_suite(sr, transport_suite());
	srunner_add_suite(sr, io_suite());
	srunner_add_suite(sr, framing_suite());
	srunner_add_suite(sr, handshake_suite());
	srunner_add_suite(sr, log_suite());
	srunner_add_suite(sr, pixels_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
