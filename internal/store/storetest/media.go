package storetest

// mediaCases are filled in by their area's work in progress.
var mediaCases []suiteCase
