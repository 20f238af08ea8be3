build-nopg/unit/test-model.t: tests/unit/test-model.c src/lib/crm.h \
 src/lib/crm-rules.h src/lib/crm-report.h src/lib/crm-mime.h \
 src/lib/crm-notes.h src/lib/crm-referrals.h src/lib/crm-staff.h \
 src/lib/crm-input.h tests/unit/tap.h
src/lib/crm.h:
src/lib/crm-rules.h:
src/lib/crm-report.h:
src/lib/crm-mime.h:
src/lib/crm-notes.h:
src/lib/crm-referrals.h:
src/lib/crm-staff.h:
src/lib/crm-input.h:
tests/unit/tap.h:
