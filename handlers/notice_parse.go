package handlers

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// ParseNotice reads the one-message form of a notice, the caption of the
// decision's file:
//
//	/notice <loại> <số QĐ> <dd/mm/yyyy> <MST> <tên doanh nghiệp>
//	  | <tên, số hộ chiếu, quốc tịch>; <tên, số hộ chiếu, quốc tịch>…
//	  | <xử phạt: phạt 15000000, trục xuất, thu hồi GP, hoặc nội dung khác>
//	  [| vp: <hành vi vi phạm>] [| kcn: <khu công nghiệp>] [| đc: <địa chỉ>]
//	  [| thêm: <cơ quan>, <cơ quan>]
//
// The kind is checked against the configuration by the use case; every
// other mistake is a refusal that says what to write instead.
func ParseNotice(args string) (work.NewNotice, error) {
	var in work.NewNotice
	parts := strings.Split(args, "|")
	if len(parts) < 3 {
		return in, refuse(txtNoticeUsage)
	}
	head := strings.Fields(parts[0])
	if len(head) < 5 {
		return in, refuse(txtNoticeBadHead, strings.TrimSpace(parts[0]))
	}
	in.Kind, in.DecisionNo = strings.ToLower(head[0]), head[1]
	day, err := parseDecisionDate(head[2])
	if err != nil {
		return in, err
	}
	in.DecisionDate = day
	if !taxCode(head[3]) {
		return in, refuse(txtNoticeBadTaxCode, head[3])
	}
	in.Employer = coord.Employer{TaxCode: head[3], Name: strings.Join(head[4:], " ")}
	if in.People, err = parsePeople(parts[1]); err != nil {
		return in, err
	}
	if in.Sanction, err = parseSanction(parts[2]); err != nil {
		return in, err
	}
	for _, opt := range parts[3:] {
		key, val, ok := strings.Cut(opt, ":")
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		if !ok || val == "" {
			return in, refuse(txtNoticeBadOption, strings.TrimSpace(opt))
		}
		switch key {
		case "vp", "vi phạm", "vi pham":
			in.Violation = val
		case "kcn":
			in.Employer.Zone = val
		case "đc", "dc", "địa chỉ", "dia chi":
			in.Employer.Address = val
		case "thêm", "them":
			in.Extra = append(in.Extra, splitCodes(val)...)
		default:
			return in, refuse(txtNoticeBadOption, strings.TrimSpace(opt))
		}
	}
	return in, nil
}

// splitCodes reads agency codes separated by commas or spaces, lowercased.
func splitCodes(s string) []string {
	var out []string
	for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		out = append(out, strings.ToLower(a))
	}
	return out
}

// parseDecisionDate reads a decision's date, dd/mm/yyyy.
func parseDecisionDate(s string) (coord.Date, error) {
	day, err := time.Parse("2/1/2006", s)
	if err != nil || day.Year() < 2000 || day.Year() > 2100 {
		return coord.Date{}, refuse(txtNoticeBadDate, s)
	}
	return coord.DateOf(day), nil
}

// parsePeople reads "tên, hộ chiếu, quốc tịch; …": at least one person.
func parsePeople(s string) ([]coord.Person, error) {
	var out []coord.Person
	for _, p := range strings.Split(s, ";") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		f := strings.Split(p, ",")
		if len(f) != 3 {
			return nil, refuse(txtNoticeBadPerson, strings.TrimSpace(p))
		}
		person := coord.Person{Name: strings.TrimSpace(f[0]), Passport: strings.ToUpper(strings.TrimSpace(f[1])), Nationality: strings.TrimSpace(f[2])}
		if person.Name == "" || person.Nationality == "" || !passport(person.Passport) {
			return nil, refuse(txtNoticeBadPerson, strings.TrimSpace(p))
		}
		out = append(out, person)
	}
	if len(out) == 0 {
		return nil, refuse(txtNoticeNoPeople)
	}
	return out, nil
}

// parseSanction reads "phạt 15.000.000, trục xuất, thu hồi GP, <khác>".
func parseSanction(s string) (coord.Sanction, error) {
	var out coord.Sanction
	var other []string
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		low := strings.ToLower(item)
		switch {
		case item == "":
		case strings.HasPrefix(low, "phạt ") || strings.HasPrefix(low, "phat "):
			digits := strings.NewReplacer(".", "", " ", "", "đồng", "", "đ", "", "vnd", "").Replace(strings.TrimSpace(low[strings.Index(low, " ")+1:]))
			v, err := strconv.ParseInt(digits, 10, 64)
			if err != nil || v <= 0 || v > 10_000_000_000 {
				return out, refuse(txtNoticeBadFine, item)
			}
			out.FineVND = v
		case low == "trục xuất" || low == "truc xuat":
			out.Expulsion = true
		case strings.HasPrefix(low, "thu hồi") || strings.HasPrefix(low, "thu hoi"):
			out.PermitRevoked = true
		default:
			other = append(other, item)
		}
	}
	out.Other = strings.Join(other, ", ")
	if out.IsZero() {
		return out, refuse(txtNoticeNoSanction)
	}
	return out, nil
}

// taxCode is a Vietnamese tax code: 10 digits, or 10 digits, '-' and 3.
func taxCode(s string) bool {
	main, branch, dash := strings.Cut(s, "-")
	return len(main) == 10 && allDigits(main) && (!dash || (len(branch) == 3 && allDigits(branch)))
}

// passport is 5 to 20 letters and digits.
func passport(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// The words of the one-message notice.
var (
	txtNoticeUsage = Msg{
		VI: "Để gửi thông báo kết quả xử lý vi phạm, hãy gửi tệp quyết định kèm chú thích:\n" +
			"/notice <loại> <số QĐ> <ngày dd/mm/yyyy> <MST> <tên doanh nghiệp> | <tên, số hộ chiếu, quốc tịch>; … | <xử phạt> [| vp: <hành vi vi phạm>] [| kcn: <khu công nghiệp>] [| đc: <địa chỉ>] [| thêm: <cơ quan>, …]\n" +
			"Ví dụ: /notice work_without_permit 15/QĐ-XPHC 26/02/2027 2400123456 Công ty TNHH ABC | LI WEI, E12345678, Trung Quốc | phạt 15000000, trục xuất | kcn: KCN Quang Châu\n" +
			"Hoặc gõ /notice new để lập từng bước (/notice new <số kế hoạch> <thứ tự DN> cho vi phạm phát hiện khi kiểm tra). Xem thông báo: /notice <số>. Danh sách: /notices [năm].",
		EN: "To send a notice of a violation-handling result, send the decision file captioned:\n" +
			"/notice <kind> <decision no.> <date dd/mm/yyyy> <tax code> <employer name> | <name, passport no., nationality>; … | <sanction> [| vp: <violation>] [| kcn: <industrial zone>] [| đc: <address>] [| thêm: <agency>, …]\n" +
			"Example: /notice work_without_permit 15/QĐ-XPHC 26/02/2027 2400123456 ABC Co., Ltd | LI WEI, E12345678, China | phạt 15000000, trục xuất | kcn: Quang Chau IZ\n" +
			"Or type /notice new to make it step by step (/notice new <plan> <employer #> for a violation found at an inspection). See a notice: /notice <n>. List: /notices [year].",
	}
	txtNoticeBadHead = Msg{
		VI: "Phần đầu «%s» chưa đủ. Hãy viết: <loại> <số QĐ> <ngày dd/mm/yyyy> <MST> <tên doanh nghiệp>, ví dụ: work_without_permit 15/QĐ-XPHC 26/02/2027 2400123456 Công ty TNHH ABC",
		EN: "The first part «%s» is incomplete. Write: <kind> <decision no.> <date dd/mm/yyyy> <tax code> <employer name>, for example: work_without_permit 15/QĐ-XPHC 26/02/2027 2400123456 ABC Co., Ltd",
	}
	txtNoticeBadDate = Msg{
		VI: "Ngày quyết định «%s» không đúng. Hãy viết ngày theo dạng dd/mm/yyyy, ví dụ: 26/02/2027.",
		EN: "The decision date «%s» is not valid. Write it as dd/mm/yyyy, for example: 26/02/2027.",
	}
	txtNoticeBadTaxCode = Msg{
		VI: "Mã số thuế «%s» không đúng. Hãy viết 10 chữ số (hoặc 10 chữ số, dấu - và 3 chữ số), ví dụ: 2400123456.",
		EN: "The tax code «%s» is not valid. Write 10 digits (or 10 digits, '-' and 3 digits), for example: 2400123456.",
	}
	txtNoticeBadPerson = Msg{
		VI: "Không đọc được người lao động «%s». Hãy viết: tên, số hộ chiếu, quốc tịch (cách nhau bằng dấu phẩy; nhiều người cách nhau bằng dấu chấm phẩy), ví dụ: LI WEI, E12345678, Trung Quốc",
		EN: "Cannot read the worker «%s». Write: name, passport number, nationality (separated by commas; several people separated by semicolons), for example: LI WEI, E12345678, China",
	}
	txtNoticeNoPeople = Msg{
		VI: "Chưa có người lao động nước ngoài nào. Sau dấu | thứ nhất hãy viết: tên, số hộ chiếu, quốc tịch, ví dụ: LI WEI, E12345678, Trung Quốc",
		EN: "No foreign worker given. After the first | write: name, passport number, nationality, for example: LI WEI, E12345678, China",
	}
	txtNoticeBadFine = Msg{
		VI: "Không đọc được số tiền phạt «%s». Hãy viết: phạt <số tiền bằng đồng>, ví dụ: phạt 15000000 hoặc phạt 15.000.000",
		EN: "Cannot read the fine «%s». Write: phạt <amount in VND>, for example: phạt 15000000 or phạt 15.000.000",
	}
	txtNoticeNoSanction = Msg{
		VI: "Chưa có hình thức xử phạt. Sau dấu | thứ hai hãy viết, ví dụ: phạt 15000000, trục xuất, thu hồi GP (hoặc nội dung khác).",
		EN: "No sanction given. After the second | write, for example: phạt 15000000, trục xuất, thu hồi GP (or any other text).",
	}
	txtNoticeBadOption = Msg{
		VI: "Không hiểu phần «%s». Các phần thêm được viết là: vp: <hành vi vi phạm>, kcn: <khu công nghiệp>, đc: <địa chỉ>, thêm: <cơ quan>, <cơ quan>",
		EN: "Cannot understand «%s». The optional parts are: vp: <violation>, kcn: <industrial zone>, đc: <address>, thêm: <agency>, <agency>",
	}
)
