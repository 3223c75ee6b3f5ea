// Stands in for github.com/dapr/dapr's cmd/daprd/components/zz_notag.go in the copy of that module
// which install.sh builds from. Dapr's file panics unless the build compiles in every stable
// component (-tags stablecomponents); this build registers its own few in ../components.go. The
// folder's leading underscore keeps the Go tool from treating it as a package of this module.
package components
