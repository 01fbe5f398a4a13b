package coord

import (
	"slices"
	"strings"
	"testing"
)

func TestRenamesAndRetired(t *testing.T) {
	cat, err := NewCatalogue([]Agency{
		{Code: "sonoivu", Name: "Sở Nội vụ", Kind: KindDepartment, Coordinator: true, RenamedFrom: []string{"ldtbxh"}},
		{Code: "taichinh", Name: "Sở Tài chính", Kind: KindDepartment, RenamedFrom: []string{"khdt", "stc"}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cat.Moves(), []Move{{"ldtbxh", "sonoivu"}, {"khdt", "taichinh"}, {"stc", "taichinh"}}; !slices.Equal(got, want) {
		t.Errorf("Moves() = %v, want %v", got, want)
	}
	// An old button names the old code; it is read as the new agency.
	for code, want := range map[string]string{"ldtbxh": "sonoivu", "stc": "taichinh", "taichinh": "taichinh", "congan": "congan"} {
		if got := cat.Current(code); got != want {
			t.Errorf("Current(%q) = %q, want %q", code, got, want)
		}
	}
	if err := cat.SetRetired([]string{"ubnd-yenthe", "ubnd-yenthe"}); err == nil || !strings.Contains(err.Error(), "retired_agencies[1]") {
		t.Errorf("a code retired twice: %v", err)
	}
	if err := cat.SetRetired([]string{"khdt"}); err == nil || !strings.Contains(err.Error(), `"khdt" is renamed to "taichinh"`) {
		t.Errorf("a renamed code retired: %v", err)
	}
	_, err = NewCatalogue([]Agency{
		{Code: "sonoivu", Name: "Sở Nội vụ", Kind: KindDepartment, Coordinator: true, RenamedFrom: []string{"ldtbxh"}},
		{Code: "taichinh", Name: "Sở Tài chính", Kind: KindDepartment, RenamedFrom: []string{"ldtbxh"}},
	}, nil)
	if err == nil || !strings.Contains(err.Error(), `agencies[1] (taichinh).renamed_from[0]: "ldtbxh" is already renamed to "sonoivu"`) {
		t.Errorf("one old code renamed to two agencies: %v", err)
	}
}
