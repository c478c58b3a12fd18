/* suites.h — the suites of test-wire, one per module of wire/. */
#ifndef FAKEGL_TEST_SUITES_H
#define FAKEGL_TEST_SUITES_H

#include <check.h>

Suite *addr_suite(void);
Suite *transport_suite(void);
Suite *io_suite(void);
Suite *framing_suite(void);
Suite *handshake_suite(void);
Suite *log_suite(void);
Suite *pixels_suite(void);

#endif
