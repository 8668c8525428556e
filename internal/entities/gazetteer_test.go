package entities

import "testing"

func TestShippedGazetteer(t *testing.T) {
	g := DefaultGazetteer()
	if g.Len() < 300 {
		t.Errorf("gazetteer has %d entries", g.Len())
	}
	kinds := map[Kind]int{}
	for _, e := range g.Entries() {
		kinds[e.Kind]++
	}
	if kinds[KindPlace] < 200 || kinds[KindOrganization] < 50 {
		t.Errorf("kinds: %v", kinds)
	}
}

func TestParseGazetteerRejects(t *testing.T) {
	for _, src := range []string{
		"place\tParis\nplace\tLyon\tParis",
		"thing\tParis",
		"place",
		"place\t\tx",
		"place\tA\tB\tC\tD",
	} {
		if _, err := ParseGazetteer(src); err == nil {
			t.Errorf("%q accepted", src)
		}
	}
	g, err := ParseGazetteer("# comment\n\norganization\tAcme Corp\tAcme|ACME\n")
	if err != nil || g.Len() != 1 {
		t.Fatalf("%v %v", g, err)
	}
	ms := NewExtractor(g).Extract("", "Paris and ACME and acme.")
	if len(ms) != 1 || ms[0].Name != "Acme Corp" || ms[0].Count != 1 {
		t.Errorf("custom gazetteer: %+v", ms)
	}
}
