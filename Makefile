# flasklint's everyday tasks. Only Go and a C compiler are needed: the
# Python parser is tree-sitter's C library, linked through cgo, so
# CGO_ENABLED=1 is required for every build and test (it is the default
# when gcc is on the PATH; it is set here so that a CGO_ENABLED=0 in the
# environment cannot turn into a confusing build failure).
export CGO_ENABLED := 1

GO ?= go
BIN := $(CURDIR)/bin
FLASKLINT := $(BIN)/flasklint

# golangci-lint is installed into ./bin at this version by `make lint`.
GOLANGCI_LINT_VERSION := v2.15.0
GOLANGCI_LINT := $(BIN)/golangci-lint

.PHONY: all build run test lint fmt-check vet golangci-lint install bench tidy-check clean

all: build test lint

## build: compile bin/flasklint
build:
	$(GO) build -o $(FLASKLINT) ./cmd/flasklint

## run: build, then analyse the sample project in examples/sample-app
# --exit-zero: the sample app is meant to have findings, and showing them
# is the point; a usage or internal error still exits 2 and fails make.
run: build
	$(FLASKLINT) --exit-zero examples/sample-app

## test: run every test with the race detector
test:
	$(GO) test -race ./...

## lint: gofmt, go vet and golangci-lint
lint: fmt-check vet golangci-lint

fmt-check:
	@unformatted=$$(gofmt -l .); \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt needed on:"; echo "$$unformatted"; exit 1; \
	fi

vet:
	$(GO) vet ./...

golangci-lint: $(GOLANGCI_LINT)
	$(GOLANGCI_LINT) run ./...

# Installed from source through the Go module proxy, so that a fresh
# machine needs nothing but Go. Reinstalled when the version changes.
$(GOLANGCI_LINT): Makefile
	@if ! $(GOLANGCI_LINT) version 2>/dev/null | grep -q "version $(GOLANGCI_LINT_VERSION:v%=%) "; then \
		echo "installing golangci-lint $(GOLANGCI_LINT_VERSION) into $(BIN)"; \
		GOBIN=$(BIN) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION); \
	fi
	@touch $@

## install: install flasklint into GOBIN (or GOPATH/bin)
install:
	$(GO) install ./cmd/flasklint

## bench: run the benchmarks only
bench:
	$(GO) test -run '^$$' -bench . ./...

## tidy-check: fail if go.mod or go.sum are not tidy (changes nothing)
tidy-check:
	$(GO) mod tidy -diff

clean:
	rm -rf $(BIN)
