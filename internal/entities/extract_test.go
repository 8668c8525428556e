package entities

import (
	"strings"
	"testing"
)

func find(ms []Mention, name string) (Mention, bool) {
	for _, m := range ms {
		if m.Name == name {
			return m, true
		}
	}
	return Mention{}, false
}

func TestExtractNamesKindsAndShortReferences(t *testing.T) {
	title := "Ms Okafor warns Halvorsen Group over Kessling plant"
	text := "Adaeze Okafor, the Arvenia trade commissioner, met executives of Halvorsen Group in Kessling on Monday.\n\n" +
		"\"We will not wait,\" Ms Okafor said. Foreign Minister Kasimir Vasko backed her, and the Bank of Arvenia " +
		"said it would review the loan. Officials from the United Nations and the EU attended. French diplomats " +
		"stayed away. Okafor told reporters the us-based funds had left."
	ms := Extract(title, text)
	want := map[string]Kind{
		"Adaeze Okafor": KindPerson, "Halvorsen Group": KindOrganization, "Kessling": KindPlace,
		"Kasimir Vasko": KindPerson, "Bank of Arvenia": KindOrganization,
		"United Nations": KindOrganization, "European Union": KindOrganization,
	}
	for name, kind := range want {
		m, ok := find(ms, name)
		if !ok {
			t.Errorf("%s not found in %+v", name, ms)
			continue
		}
		if m.Kind != kind {
			t.Errorf("%s: kind %v, want %v", name, m.Kind, kind)
		}
	}
	if m, _ := find(ms, "Adaeze Okafor"); m.Count != 4 || m.Offset != 3 {
		t.Errorf("Okafor: count %d offset %d, want 4 references from offset 3 (the title)", m.Count, m.Offset)
	}
	for _, bad := range []string{"Ms Okafor", "Okafor", "French", "Foreign Minister", "Foreign Minister Kasimir Vasko", "Officials", "We", "Monday", "United States"} {
		if _, ok := find(ms, bad); ok {
			t.Errorf("unexpected entity %q in %+v", bad, ms)
		}
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].Offset < ms[i-1].Offset {
			t.Errorf("mentions not in order of first appearance: %+v", ms)
		}
	}
}

func TestExtractCaseMatters(t *testing.T) {
	ms := Extract("", "Tell us who said it. The US and the WHO disagreed.")
	if m, ok := find(ms, "United States"); !ok || m.Count != 1 || !m.Known {
		t.Errorf("US: %+v in %+v", m, ms)
	}
	if m, ok := find(ms, "World Health Organization"); !ok || m.Count != 1 {
		t.Errorf("WHO: %+v in %+v", m, ms)
	}
}

func TestExtractSentenceStartNeedsCorroboration(t *testing.T) {
	ms := Extract("", "Emergency crews worked all night. Rail services stopped. Residents of Saltmere left. Saltmere flooded.")
	for _, bad := range []string{"Emergency", "Rail", "Residents"} {
		if _, ok := find(ms, bad); ok {
			t.Errorf("sentence-initial %q became an entity: %+v", bad, ms)
		}
	}
	if m, ok := find(ms, "Saltmere"); !ok || m.Count != 2 {
		t.Errorf("Saltmere recurs mid-sentence and should count twice: %+v", ms)
	}
}

func TestExtractShoutingHeadline(t *testing.T) {
	ms := Extract("STORM BATTERS SALTMERE AS THOUSANDS FLEE TO FRANCE",
		"Thousands fled Saltmere on Tuesday as the storm moved towards France.")
	for _, m := range ms {
		if m.Name != "Saltmere" && m.Name != "France" {
			t.Errorf("capitals made %q an entity", m.Name)
		}
	}
	if m, ok := find(ms, "Saltmere"); !ok || m.Count != 2 || m.Offset != len("STORM BATTERS ") {
		t.Errorf("Saltmere should be found in the headline too: %+v", ms)
	}
	if m, ok := find(ms, "France"); !ok || m.Count != 2 {
		t.Errorf("France: %+v", ms)
	}
	// A headline alone in capitals, with nothing to corroborate it.
	ms = Extract("BREAKING: MARKETS TUMBLE AFTER SHOCK RATE RISE", "")
	if len(ms) != 0 {
		t.Errorf("uncorroborated capitals gave %+v", ms)
	}
}

func TestExtractTitleCaseHeadline(t *testing.T) {
	ms := Extract("Storm Batters Saltmere As Thousands Flee", "The storm hit Saltmere at dawn.")
	if len(ms) != 1 || ms[0].Name != "Saltmere" || ms[0].Count != 2 {
		t.Errorf("Title Case headline: %+v", ms)
	}
}

func TestExtractConnectors(t *testing.T) {
	ms := Extract("", "Shares in Ostrander & Pike rose, said Jan van der Berg of the University of Kessling, "+
		"who spoke to Muqtada al-Sadr about Charles de Gaulle airport.")
	for _, want := range []string{"Ostrander & Pike", "Jan van der Berg", "University of Kessling", "Muqtada al-Sadr", "Charles de Gaulle"} {
		if _, ok := find(ms, want); !ok {
			t.Errorf("%q not found in %+v", want, ms)
		}
	}
	if m, _ := find(ms, "Jan van der Berg"); m.Kind != KindPerson {
		t.Errorf("van der Berg is a person (said X): %+v", m)
	}
}

func TestExtractLongestGazetteerMatch(t *testing.T) {
	ms := Extract("", "Flights from New York City and New Zealand were cancelled, the World Bank said.")
	for _, want := range []string{"New York", "New Zealand", "World Bank"} {
		if _, ok := find(ms, want); !ok {
			t.Errorf("%q not found in %+v", want, ms)
		}
	}
	if len(ms) != 3 {
		t.Errorf("want exactly 3 entities, got %+v", ms)
	}
}

func TestExtractBadInput(t *testing.T) {
	inputs := [][2]string{
		{"", ""},
		{"\xff\xfe", "Saltmere \xc3\x28 Kessling \xed\xa0\x80 Paris."},
		{"Le président Macron à Paris", "Le gouvernement de la France a annoncé mardi une réforme. Les syndicats de Marseille protestent."},
		{"", strings.Repeat("Odile Varnett of Kessling met NATO. ", 100000)},
		{"", strings.Repeat("A ", 300000)},
		{"", strings.Repeat("&", 10000) + strings.Repeat(" of", 10000)},
	}
	for _, in := range inputs {
		ms := Extract(in[0], in[1])
		for _, m := range ms {
			if m.Name == "" || m.Count < 1 {
				t.Errorf("bad mention %+v", m)
			}
		}
	}
	ms := Extract("", strings.Repeat("Odile Varnett of Kessling met NATO. ", 100000))
	if m, ok := find(ms, "NATO"); !ok || m.Count >= 100000 {
		t.Errorf("huge text is not cut: %+v", m)
	}
	if m, ok := find(ms, "Paris"); ok {
		t.Errorf("unexpected %+v", m)
	}
	ms = Extract("Le président Macron à Paris", "Le gouvernement de la France a annoncé mardi une réforme.")
	if _, ok := find(ms, "France"); !ok {
		t.Errorf("gazetteer names still count in French text: %+v", ms)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("Ms Okafor in Paris", "Adaeze Okafor said the U.S. and NATO met.\n\nOSTRANDER & PIKE")
	f.Add("", "\xff al- of & van der")
	f.Fuzz(func(t *testing.T, title, text string) {
		for _, m := range Extract(title, text) {
			if m.Count < 1 || m.Offset < 0 || m.Offset > len(title)+2+len(text) || m.Name == "" {
				t.Fatalf("bad mention %+v", m)
			}
		}
	})
}
