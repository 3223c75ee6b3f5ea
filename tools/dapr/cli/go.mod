module checkout-saga/dapr-cli

go 1.26.6

// The dapr CLI, built with `go build github.com/dapr/cli` from this module (tools/dapr/install.sh):
// `go install github.com/dapr/cli@v…` asks the proxy for the module's version list, which it refuses.
require github.com/dapr/cli v1.16.5

// The CLI imports a few of daprd's packages (component loading, run metadata) at 1.16.2, which
// needs components-contrib 1.16.3; the proxy refuses that version, so both are taken one patch
// release back, where the proxy serves them.
replace (
	github.com/dapr/components-contrib => github.com/dapr/components-contrib v1.16.1
	github.com/dapr/dapr => github.com/dapr/dapr v1.16.1
)
