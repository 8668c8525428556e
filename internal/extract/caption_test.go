package extract

import "testing"

func TestCaptionCredit(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A bus stop in Glasswick. Photo: Rasmus Thule / Meridian Daily", "Rasmus Thule / Meridian Daily"},
		{"Photograph:  Ana Ruiz", "Ana Ruiz"},
		{"© Kessling Council", "Kessling Council"},
		{"The harbour at dawn", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CaptionCredit(tt.in); got != tt.want {
			t.Errorf("CaptionCredit(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
