build-nopg/unit/test-rules.t: tests/unit/test-rules.c src/lib/crm.h \
 src/lib/crm-rules.h src/lib/crm-report.h src/lib/crm-mime.h \
 src/lib/crm-notes.h src/lib/crm-referrals.h src/lib/crm-staff.h \
 src/lib/crm-input.h src/lib/crm-notes.h tests/unit/tap.h
src/lib/crm.h:
src/lib/crm-rules.h:
src/lib/crm-report.h:
src/lib/crm-mime.h:
src/lib/crm-notes.h:
src/lib/crm-referrals.h:
src/lib/crm-staff.h:
src/lib/crm-input.h:
src/lib/crm-notes.h:
tests/unit/tap.h:
