package entities

import (
	"reflect"
	"testing"
)

func TestRegistryPromotesAcrossSources(t *testing.T) {
	r := NewRegistry()
	r.Add("ledger", Extract("", "Talks in Saltmere stalled, said Odile Varnett. Marrowvale Fog drifted in."))
	r.Add("courier", Extract("", "Odile Varnett left Saltmere early on Tuesday."))
	r.Add("beacon", Extract("", "In Saltmere, Odile Varnett spoke again. The NATO summit ended."))

	strong, _ := r.Lookup("Odile Varnett")
	weak, _ := r.Lookup("Marrowvale Fog")
	nato, _ := r.Lookup("NATO")
	if strong.Articles != 3 || len(strong.Sources) != 3 || strong.Kind != KindPerson {
		t.Errorf("Odile Varnett: %+v", strong)
	}
	if !(strong.Confidence() > 0.7) || !(weak.Confidence() < 0.3) || nato.Confidence() != 1 {
		t.Errorf("confidences: strong %.2f weak %.2f nato %.2f", strong.Confidence(), weak.Confidence(), nato.Confidence())
	}
	names := map[string]bool{}
	for _, s := range r.Strong(0.6) {
		names[s.Name] = true
	}
	if !names["Odile Varnett"] || !names["Saltmere"] || !names["NATO"] || names["Marrowvale Fog"] {
		t.Errorf("strong set: %v", names)
	}
	kept := r.Filter(Extract("", "Talks in Saltmere stalled, said Odile Varnett. Marrowvale Fog drifted in."), 0.6)
	if len(kept) != 2 {
		t.Errorf("filter kept %+v", kept)
	}
}

func TestRegistrySameSourceIsWeakerThanManySources(t *testing.T) {
	one, many := NewRegistry(), NewRegistry()
	for i, src := range []string{"a", "b", "c"} {
		m := Extract("", "The Kelder Trust met again.")
		one.Add("a", m)
		many.Add(src, m)
		_ = i
	}
	s1, _ := one.Lookup("Kelder Trust")
	s3, _ := many.Lookup("Kelder Trust")
	if !(s3.Confidence() > s1.Confidence()) {
		t.Errorf("three sources %.2f should beat one source thrice %.2f", s3.Confidence(), s1.Confidence())
	}
}

func TestRegistrySnapshotRestore(t *testing.T) {
	r := NewRegistry()
	r.Add("a", Extract("", "Mayor Odile Varnett visited Kessling and the IMF."))
	r.Add("b", Extract("", "Odile Varnett returned to Kessling."))
	snap := r.Snapshot()
	r2 := NewRegistry()
	r2.Restore(snap)
	if !reflect.DeepEqual(r2.Snapshot(), snap) {
		t.Errorf("restore differs:\n%+v\n%+v", r2.Snapshot(), snap)
	}
	r2.Restore(snap)
	s, _ := r2.Lookup("Odile Varnett")
	if s.Articles != 4 || len(s.Sources) != 2 {
		t.Errorf("restore should add counts and merge sources: %+v", s)
	}
	for i := 0; i < 40; i++ {
		r2.Add(string(rune('A'+i)), Extract("", "Odile Varnett spoke."))
	}
	if s, _ := r2.Lookup("Odile Varnett"); len(s.Sources) != maxSourcesTracked {
		t.Errorf("sources not bounded: %d", len(s.Sources))
	}
}
