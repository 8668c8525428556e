package storetest

// curationCases are filled in by their area's work in progress.
var curationCases []suiteCase
