build-nopg/unit/test-sale-rules.t: tests/unit/test-sale-rules.c \
 src/lib/crm.h src/lib/crm-rules.h src/lib/crm-report.h \
 src/lib/crm-mime.h src/lib/crm-notes.h src/lib/crm-referrals.h \
 src/lib/crm-staff.h src/lib/crm-input.h tests/unit/tap.h
src/lib/crm.h:
src/lib/crm-rules.h:
src/lib/crm-report.h:
src/lib/crm-mime.h:
src/lib/crm-notes.h:
src/lib/crm-referrals.h:
src/lib/crm-staff.h:
src/lib/crm-input.h:
tests/unit/tap.h:
