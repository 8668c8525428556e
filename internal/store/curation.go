package store

// CurationStore is filled in by its area's work in progress.
type CurationStore interface{}
