package store

// MediaStore is filled in by its area's work in progress.
type MediaStore interface{}
