# crm - a Unix toolkit for customer relationships
#
#   make              build bin/crm and bin/crm-*
#   make check        run the whole test suite (ends "N passed, N failed"),
#                     its scripts again on PostgreSQL when POSTGRES=1
#   make check SANITIZE=1   the same, built with ASan and UBSan
#   make check-nopg   the build without libpq (POSTGRES=0), in build-nopg/,
#                     and the test of what it answers to a PostgreSQL name
#   make demo         a short session on a sample database
#   make bench        the benchmark of bench/README.md
#   make fuzz         the libFuzzer harnesses of fuzz/ (clang), FUZZ_SECONDS
#                     each (60), or FUZZ_RUNS executions each
#   make bench-deps   its optional DuckDB (npm, into bench/node_modules)
#   make install PREFIX=/usr/local DESTDIR=   and   make uninstall
#   make deps         install the Debian packages the build and tests need
#   DEVELOPER=1       adds -Werror

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PKGS = sqlite3 yaml-0.1

# Debian packages: building, then testing (libpq-dev is optional: it
# builds the PostgreSQL backend; postgresql runs the suite against it)
DEBS_BUILD = build-essential pkg-config libsqlite3-dev libyaml-dev
DEBS_TEST = sqlite3 jq libxml2-utils mandoc valgrind shellcheck cppcheck chromium \
	clang libclang-rt-dev postgresql

CRM_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-missing-field-initializers -Isrc/lib
ifdef DEVELOPER
CRM_CFLAGS += -Werror
endif

ifdef FUZZ
# the fuzzers' build: libFuzzer needs clang; the library is instrumented,
# the harness links libFuzzer's main
O = build-fuzz
CC = clang
CRM_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined \
	-fno-omit-frame-pointer -fno-sanitize-recover=undefined
CRM_LDFLAGS += -fsanitize=address,undefined
else ifdef SANITIZE
O = build-san
CRM_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
CRM_LDFLAGS += -fsanitize=address,undefined
else
O = build
endif
B = $(O)/bin

# The PostgreSQL backend is built when libpq is there (POSTGRES=0: never)
ifeq ($(origin POSTGRES),undefined)
POSTGRES := $(shell $(PKG_CONFIG) --exists libpq 2>/dev/null && echo 1 || echo 0)
endif
ifeq ($(POSTGRES),1)
PKGS += libpq
CRM_CFLAGS += -DCRM_POSTGRES
endif
export POSTGRES

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

# (db-pg-sql.c needs no libpq: its unit test runs in every build)
LIB_SRC = $(filter-out $(if $(filter 1,$(POSTGRES)),,src/lib/db-pg.c \
	src/lib/db-pg-schema.c), $(wildcard src/lib/*.c))
LIB_OBJ = $(LIB_SRC:src/lib/%.c=$(O)/lib/%.o)
CMD_SRC = src/crm.c $(wildcard src/crm-*.c)
CMDS = $(CMD_SRC:src/%.c=%)
UNIT_SRC = $(wildcard tests/unit/*.c)
UNITS = $(UNIT_SRC:tests/unit/%.c=$(O)/unit/%.t)

all: deps-check $(CMDS:%=$(B)/%) $(if $(SANITIZE),,bin-links)

deps-check:
	@$(PKG_CONFIG) --version >/dev/null 2>&1 || { \
	  echo "crm: pkg-config is missing: apt-get install pkg-config (or make deps)" >&2; exit 1; }
	@for p in $(PKGS); do $(PKG_CONFIG) --exists $$p || { \
	  case $$p in sqlite3) d=libsqlite3-dev;; *) d=libyaml-dev;; esac; \
	  echo "crm: $$p is missing: apt-get install $$d (or make deps)" >&2; exit 1; }; done

deps:
	apt-get update
	apt-get install -y --no-install-recommends $(DEBS_BUILD) $(DEBS_TEST)

# Every object depends on the headers it includes (-MMD writes the list
# beside it) and on the flags it was built with: a changed CFLAGS,
# CPPFLAGS or SANITIZE rebuilds it instead of mixing old and new objects.
COMPILE = $(CC) $(CRM_CFLAGS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
$(O)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(COMPILE) | $(CRM_LDFLAGS) $(LDFLAGS)' >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

$(O)/lib/%.o: src/lib/%.c $(O)/flags
	@mkdir -p $(@D)
	$(COMPILE) -MMD -MP -c -o $@ $<

$(O)/libcrm.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(O)/cmd/%.o: src/%.c $(O)/flags
	@mkdir -p $(@D)
	$(COMPILE) -MMD -MP -c -o $@ $<

$(B)/%: $(O)/cmd/%.o $(O)/libcrm.a $(O)/flags
	@mkdir -p $(@D)
	$(CC) $(CRM_LDFLAGS) $(LDFLAGS) -o $@ $< $(O)/libcrm.a $(PKG_LIBS) -lm

# bin/ holds the built commands (links into build/bin)
bin-links: $(CMDS:%=$(B)/%)
	@mkdir -p bin
	@for c in $(CMDS); do ln -sf ../$(B)/$$c bin/$$c; done

$(O)/unit/%.t: tests/unit/%.c $(O)/libcrm.a $(O)/flags
	@mkdir -p $(@D)
	$(COMPILE) -MMD -MP $(CRM_LDFLAGS) $(LDFLAGS) -Itests/unit \
		-o $@ $< $(O)/libcrm.a $(PKG_LIBS) -lm

units: $(UNITS)

FUZZ_SRC = $(wildcard fuzz/fuzz-*.c)
FUZZERS = $(FUZZ_SRC:fuzz/%.c=$(O)/fuzz/%)
FUZZ_SECONDS ?= 60

$(O)/fuzz/%: fuzz/%.c $(O)/libcrm.a $(O)/flags
	@mkdir -p $(@D)
	$(COMPILE) -fsanitize=fuzzer $(CRM_LDFLAGS) $(LDFLAGS) \
		-o $@ $< $(O)/libcrm.a $(PKG_LIBS) -lm

fuzzers: $(FUZZERS)

# every harness of fuzz/ in turn, seeded with fuzz/corpus/NAME
fuzz:
	$(MAKE) FUZZ=1 fuzzers
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) sh fuzz/run.sh

# the suite, then its black-box scripts again against a throw-away
# PostgreSQL cluster when the backend is built (tests/run --postgresql)
check: all units
	CRM_BIN=$(CURDIR)/$(B) CRM_UNIT_DIR=$(CURDIR)/$(O)/unit \
		POSTGRES=$(POSTGRES) perl tests/run --postgresql

# the sanitizer run of the whole suite, in its own build directory
check-sanitize:
	$(MAKE) check SANITIZE=1

# the build without libpq, in its own directory (bin/ is left alone), and
# the script that tests its answer to a PostgreSQL name (78)
check-nopg:
	$(MAKE) O=build-nopg POSTGRES=0 $(CMDS:%=build-nopg/bin/%)
	CRM_BIN=$(CURDIR)/build-nopg/bin POSTGRES=0 perl tests/run \
		tests/t0100-init.sh

demo: all
	sh tests/demo.sh

bench: all
	sh bench/run.sh

# the bench-only dependency: DuckDB (@duckdb/node-api, the version pinned in
# bench/package.json) into bench/node_modules, for make bench's DuckDB
# column; never needed to build, test or run crm
bench-deps:
	cd bench && npm install --no-audit --no-fund

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions \
		$(DESTDIR)$(DATADIR)/zsh/site-functions \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	for c in $(CMDS); do install -m 755 $(B)/$$c $(DESTDIR)$(BINDIR)/$$c; done
	for m in man/*.1; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for m in man/*.5; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man5/; done
	for m in man/*.7; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man7/; done
	for c in $(CMDS); do install -m 644 completions/bash/crm \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/$$c; done
	install -m 644 completions/zsh/_crm $(DESTDIR)$(DATADIR)/zsh/site-functions/_crm
	for f in completions/fish/*.fish; do install -m 644 $$f \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/; done

uninstall:
	for c in $(CMDS); do rm -f $(DESTDIR)$(BINDIR)/$$c \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/$$c \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/$$c.fish; done
	for m in man/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	for m in man/*.5; do rm -f $(DESTDIR)$(MANDIR)/man5/$${m#man/}; done
	for m in man/*.7; do rm -f $(DESTDIR)$(MANDIR)/man7/$${m#man/}; done
	rm -f $(DESTDIR)$(DATADIR)/zsh/site-functions/_crm

clean:
	rm -rf build build-san build-fuzz build-nopg bin tests/trash.*

-include $(LIB_OBJ:.o=.d) $(CMDS:%=$(O)/cmd/%.d) $(UNITS:.t=.d) $(FUZZERS:=.d)

FORCE:
.PHONY: all deps deps-check bin-links units fuzzers fuzz check check-sanitize check-nopg demo \
	bench bench-deps \
	install uninstall clean FORCE
# The commands' objects are only a pattern rule's; kept, not deleted as
# intermediate.  Not every target: a bare .SECONDARY: makes every object
# intermediate, and make then leaves a new library file unbuilt when the
# archive is newer than its source (a fresh checkout's new file, an
# archive built since), so the link fails.
.SECONDARY: $(CMDS:%=$(O)/cmd/%.o)
