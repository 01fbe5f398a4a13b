package coord

import "testing"

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"  NGUYỄN  Văn Đức ":      "nguyen van duc",
		"nguyen van duc":          "nguyen van duc",
		"Số hộ chiếu":             "so ho chieu",
		"CÔNG TY TNHH ĐIỆN TỬ":    "cong ty tnhh dien tu",
		"Ngày\tcấp":               "ngay cap",
		"Kim Ji-woo":              "kim ji-woo",
		"":                        "",
		"Trần Thị Ánh Tuyết (VN)": "tran thi anh tuyet (vn)",
	} {
		if got := FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}
