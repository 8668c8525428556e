// Package entities finds the people, organizations and places a news
// article is about, without downloaded models. Evidence comes from three
// places: a gazetteer the project ships and maintains as plain data
// (gazetteer.tsv), the shape of the text itself (capitalized word runs,
// honorifics, organization suffixes, place prepositions), and agreement
// across sources (Registry): a name several outlets capitalize is very
// likely an entity, a capitalized phrase one article used once may not be.
//
// The package is a pure engine: no database, no network. Entity pages,
// article tags and story clustering build on Extract and Registry.
package entities

// Kind says what sort of thing an entity is.
type Kind uint8

// Kinds. KindOther covers capitalized names with no evidence for any of
// the three main kinds (a storm, a film title, a product); callers that
// want only people, organizations and places can drop it.
const (
	KindOther Kind = iota
	KindPerson
	KindOrganization
	KindPlace
	numKinds
)

var kindNames = [...]string{"other", "person", "organization", "place"}

// String returns the lower-case name used in gazetteer.tsv and in storage.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "other"
}

// ParseKind is the inverse of String; unknown names give KindOther, false.
func ParseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), true
		}
	}
	return KindOther, false
}

// Mention is one entity as it occurs in one article: each entity appears
// once per article however often the text names it.
type Mention struct {
	// Name is the canonical name: the gazetteer's canonical form, or the
	// longest form the article used ("Adaeze Okafor" for "Ms Okafor").
	Name string
	Kind Kind
	// Count is how many times the article referred to the entity.
	Count int
	// Offset is the byte offset of the first reference in the document
	// Extract reads: title + "\n\n" + text.
	Offset int
	// Known is true when the gazetteer recognised the entity; such
	// mentions need no further corroboration.
	Known bool
	// Evidence counts structural cues for the kind (an honorific, an
	// organization suffix, "in X"); zero for a bare capitalized phrase.
	Evidence int
}
