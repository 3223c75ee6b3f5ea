// daprd for this project: Dapr's own runtime (github.com/dapr/dapr v1.18.3, cmd/daprd/app) with
// only the components the checkout saga configures registered (components.go). Built by
// tools/dapr/install.sh where `dapr init` cannot download a release; elsewhere use `dapr init`.
package main

import "github.com/dapr/dapr/cmd/daprd/app"

func main() {
	app.Run()
}
