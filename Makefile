# Puente: `make run` serves http://localhost:8080 with the demo portfolio;
# `make test` runs every test (on PostgreSQL too when TEST_DATABASE_URL is set).
GO ?= go

.PHONY: run test assets generate map check build bench loadtest clean

run: assets
	$(GO) run ./cmd/puente serve

# The browser tests run after the others, not beside them: on a two-core
# machine a browser starved by the handler tests misses its deadlines.
test: assets
	@status=0; \
	$(GO) test -count=1 -timeout 20m $$($(GO) list ./... | grep -v '/e2e$$') || status=1; \
	$(GO) test -count=1 -timeout 20m ./e2e/ || status=1; \
	exit $$status

# htmx comes from the npm registry; without npm every page still works.
assets:
	@if command -v npm >/dev/null 2>&1; then \
		(npm ci --no-audit --no-fund --loglevel=error && node scripts/vendor.mjs) || \
		echo "make: npm ci failed; serving without htmx (every page works without JavaScript)"; \
	else \
		echo "make: npm not found; serving without htmx (every page works without JavaScript). Install Node.js to enable it."; \
	fi

# Regenerate the templ components (the generated files are committed).
generate:
	$(GO) tool templ generate

# Regenerate the map's shapes (views/components/lacmap_data.go, committed)
# from Natural Earth data in the world-atlas npm package.
map:
	npm ci --no-audit --no-fund --loglevel=error
	$(GO) run ./tools/mapgen

# What CI checks besides the tests: generated code and formatting are clean.
check:
	$(GO) tool templ generate
	@git diff --exit-code -- '*_templ.go' || (echo "templ generate changed files: commit them"; exit 1)
	@test -z "$$(git ls-files --others --exclude-standard -- '*_templ.go')" || (echo "untracked generated files"; exit 1)
	@out=$$(gofmt -l $$(git ls-files '*.go')); test -z "$$out" || (echo "gofmt would change: $$out"; exit 1)
	$(GO) vet ./...

build: assets
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/puente ./cmd/puente

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3s ./...

# Latency of /portfolio and filtered /projects pages on a 100,000-project
# demo portfolio in PostgreSQL (127.0.0.1:5432, user postgres; PROJECTS=N
# for another size). Creates and drops its own database.
loadtest:
	scripts/loadtest.sh

clean:
	rm -rf bin data
