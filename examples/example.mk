# example.mk - the rules every example shares; its Makefile includes this file.
#   make              build one plugin per revision into plugins/ (incremental, quiet)
#   make check        check every revision without building
#   make schema       print the schema at the head
#   make sql          print the YQL `migrun upgrade heads` would run
#   make history      the revision history
#   make clean        remove the plugins
#   make MIGC=../../_build/main/migc MIGRUN=../../_build/main/migrun   tools not on PATH
MIGC ?= migc
MIGRUN ?= migrun
SOURCES := $(wildcard migrations/*.mig)

all: plugins/manifest

# migc build rebuilds only what changed; --deps lets make know the sources it read.
plugins/manifest: $(SOURCES)
	$(MIGC) build --deps plugins/.build/deps.mk migrations

-include plugins/.build/deps.mk

check:
	$(MIGC) check migrations

schema:
	$(MIGC) schema migrations

sql: plugins/manifest
	$(MIGRUN) upgrade heads --sql

history: plugins/manifest
	$(MIGRUN) history

clean:
	rm -rf plugins

.PHONY: all check schema sql history clean
