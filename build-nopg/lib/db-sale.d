build-nopg/lib/db-sale.o: src/lib/db-sale.c src/lib/db-internal.h \
 src/lib/crm.h src/lib/crm-rules.h src/lib/crm-report.h \
 src/lib/crm-mime.h src/lib/crm-notes.h src/lib/crm-referrals.h \
 src/lib/crm-staff.h src/lib/crm-input.h
src/lib/db-internal.h:
src/lib/crm.h:
src/lib/crm-rules.h:
src/lib/crm-report.h:
src/lib/crm-mime.h:
src/lib/crm-notes.h:
src/lib/crm-referrals.h:
src/lib/crm-staff.h:
src/lib/crm-input.h:
