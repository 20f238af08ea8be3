build-nopg/lib/encoding.o: src/lib/encoding.c src/lib/crm.h \
 src/lib/crm-rules.h src/lib/crm-report.h src/lib/crm-mime.h \
 src/lib/crm-notes.h src/lib/crm-referrals.h src/lib/crm-staff.h \
 src/lib/crm-input.h
src/lib/crm.h:
src/lib/crm-rules.h:
src/lib/crm-report.h:
src/lib/crm-mime.h:
src/lib/crm-notes.h:
src/lib/crm-referrals.h:
src/lib/crm-staff.h:
src/lib/crm-input.h:
