package main

// The components this project's resources use, and nothing else: every registration here is a
// package compiled into the binary. daprd's own cmd/daprd/components registers them from
// build-tagged files; _replaces/zz_notag.go empties that package (see install.sh), so this list is
// the whole set. Add a line here when components/ gains a new type.

import (
	nrkubernetes "github.com/dapr/components-contrib/nameresolution/kubernetes"
	"github.com/dapr/components-contrib/nameresolution/mdns"
	"github.com/dapr/components-contrib/nameresolution/sqlite"
	"github.com/dapr/components-contrib/pubsub/aws/snssqs"
	pubsubredis "github.com/dapr/components-contrib/pubsub/redis"
	"github.com/dapr/components-contrib/secretstores/aws/secretmanager"
	secretstoreskubernetes "github.com/dapr/components-contrib/secretstores/kubernetes"
	"github.com/dapr/components-contrib/secretstores/local/env"
	"github.com/dapr/components-contrib/secretstores/local/file"
	statepostgres "github.com/dapr/components-contrib/state/postgresql/v2"
	stateredis "github.com/dapr/components-contrib/state/redis"
	"github.com/dapr/dapr/pkg/components"
	nrLoader "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsubLoader "github.com/dapr/dapr/pkg/components/pubsub"
	secretstoresLoader "github.com/dapr/dapr/pkg/components/secretstores"
	stateLoader "github.com/dapr/dapr/pkg/components/state"
)

func init() {
	// components/local: Redis Streams pub/sub; components/aws: SNS/SQS (an emulator's `endpoint` in tests).
	pubsubLoader.DefaultRegistry.RegisterComponent(pubsubredis.NewRedisStreams, "redis")
	pubsubLoader.DefaultRegistry.RegisterComponent(snssqs.NewSnsSqs, "aws.snssqs", "snssqs")

	// The cart's state store: PostgreSQL v2 (etags, TTL) in both resource sets; Redis as the alternative.
	pg := components.VersionConstructor{Version: "v2", Constructor: statepostgres.NewPostgreSQLStateStore}
	stateLoader.DefaultRegistry.RegisterComponentWithVersions("postgresql", components.Versioning{Preferred: pg, Default: "v2"})
	stateLoader.DefaultRegistry.RegisterComponent(stateredis.NewRedisStateStore, "redis")

	secretstoresLoader.DefaultRegistry.RegisterComponent(env.NewEnvSecretStore, "local.env")
	secretstoresLoader.DefaultRegistry.RegisterComponent(file.NewLocalSecretStore, "local.file")
	secretstoresLoader.DefaultRegistry.RegisterComponent(secretstoreskubernetes.NewKubernetesSecretStore, "kubernetes")
	secretstoresLoader.DefaultRegistry.RegisterComponent(secretmanager.NewSecretManager, "aws.secretmanager")

	// Service invocation needs a resolver: mdns is daprd's self-hosted default; sqlite works where
	// multicast does not (one file shared by the sidecars of one machine); kubernetes in the cluster.
	nrLoader.DefaultRegistry.RegisterComponent(mdns.NewResolver, "mdns")
	nrLoader.DefaultRegistry.RegisterComponent(sqlite.NewResolver, "sqlite")
	nrLoader.DefaultRegistry.RegisterComponent(nrkubernetes.NewResolver, "kubernetes")
}
