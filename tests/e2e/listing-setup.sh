# Sourced by the listing-* cases: a treasurer's ledger with something of
# everything a listing shows, recorded by hand, printing nothing (the numbers
# the add commands print go to numbers.txt, and are checked at the end).
#
# trip: a three-day trip for 7 staff, 360.00 deposit (720.00 for weight 2),
# 50.00 union subsidy per head. Tags rafting and hotel; Chen Jing brings a
# child (weight 2); Zhao Lei pays, then withdraws and is refunded; a dinner
# entered twice is voided; the coach and the insurance are union-funded; a
# vendor credit is negative; Wang Fang paid a dinner out of pocket.
#
# meet: the March 8th sports meet, funded by the union throughout, settled
# and closed.

outlay activity add trip --title "Three-day trip to Mangshan 莽山三日游" \
    --date 2026-05-24 --end-date 2026-05-26 --venue "Mangshan Ecological Park" \
    --organizer "Trade union committee" --deposit 360 --headcount 7 \
    --budget-total 3500 --subsidy-per-head 50

outlay budget add trip --category transport --item "Coach hire, three days" --unit-price 1500 \
    --unit coach --funded-by union --note "Jinyuan Coach Co., quote JY-0412" >>numbers.txt
outlay budget add trip --category hotel --item "Twin rooms, two nights" --unit-price 150 \
    --qty 8 --unit room-night >>numbers.txt
outlay budget add trip --category tickets --item Rafting --unit-price 80 --qty 3 --unit person >>numbers.txt
outlay budget add trip --category meals --item "Lunch and dinner" --unit-price 60 --per-head \
    --unit person >>numbers.txt
outlay budget add trip --category insurance --item "Travel accident insurance" --unit-price 10 \
    --per-head --funded-by union --note "PICC group policy" >>numbers.txt

outlay participant add trip 王芳 --dept Finance --tags "rafting;hotel"
outlay participant add trip "Li Wei" --dept "Workshop 1" --tags rafting
outlay participant add trip "Zhang Min" --dept "Workshop 1" --tags hotel
outlay participant add trip "Chen Jing" --dept Office --tags hotel --weight 2
outlay participant add trip 杨洋 --dept "Workshop 2"
outlay participant add trip "Zhao Lei" --dept Logistics --tags rafting

outlay deposit add trip 王芳 360 --date 2026-05-10 --method WeChat >>numbers.txt
outlay deposit add trip "Li Wei" 360 --date 2026-05-10 --method cash >>numbers.txt
outlay deposit add trip "Zhang Min" 360 --date 2026-05-11 --method WeChat >>numbers.txt
outlay deposit add trip "Chen Jing" 720 --date 2026-05-11 --method Alipay >>numbers.txt
outlay deposit add trip 杨洋 360 --date 2026-05-12 --method cash >>numbers.txt
outlay deposit add trip "Zhao Lei" 360 --date 2026-05-12 --method cash >>numbers.txt

outlay participant withdraw trip "Zhao Lei"
outlay payout add trip "Zhao Lei" 360 --date 2026-05-20 --method cash >>numbers.txt

coach=$(outlay expense add trip --category transport --amount 1500 --date 2026-05-24 \
    --item "Coach hire, three days" --payee "Jinyuan Coach Co." --receipt JY-0524 \
    --funded-by union)
hotel=$(outlay expense add trip --category hotel --amount 1200 --date 2026-05-24 \
    --item "Twin rooms, two nights" --payee "Mangshan Hotel" --receipt MS-88231 --for hotel)
rafting=$(outlay expense add trip --category tickets --amount 160 --date 2026-05-25 \
    --item Rafting --payee "Mangshan Rafting" --receipt R-3302 --for rafting)
dinner=$(outlay expense add trip --category meals --amount 387.50 --date 2026-05-25 \
    --item "Dinner, day two" --payee 湘味农家菜 --paid-by 王芳)
twice=$(outlay expense add trip --category meals --amount 387.50 --date 2026-05-25 \
    --item "Dinner, day two" --payee 湘味农家菜)
lunch=$(outlay expense add trip --category meals --amount 240 --date 2026-05-26 \
    --item "Lunch, day three" --payee "Devil Village canteen" --receipt DV-09)
credit=$(outlay expense add trip --category tickets --amount -35 --date 2026-05-26 \
    --item "Refund of unused water tickets" --payee "Mangshan Park" --receipt T-20551-R)
insurance=$(outlay expense add trip --category insurance --amount 60 --date 2026-05-23 \
    --item "Travel accident insurance" --payee PICC --receipt PICC-7781 --funded-by union)
outlay expense void trip "$twice" --reason "entered twice; same receipt as $dinner"

outlay activity add meet --title "March 8th fun sports meet" --date 2026-03-08 \
    --venue "Music and sports activity room" --organizer "Trade union committee" \
    --headcount 3 --funded-by union
outlay budget add meet --category prizes --item "Winner prizes" --unit-price 5 --qty 20 \
    --unit winner >>numbers.txt
outlay budget add meet --category lunch --item Lunch --unit-price 30 --per-head --unit person >>numbers.txt
outlay participant add meet "Sun Peng" --dept Logistics
outlay participant add meet "Ma Lin" --dept "Workshop 1"
outlay participant add meet "Hu Bin" --dept "Workshop 2"
prizes=$(outlay expense add meet --category prizes --amount 96.80 --date 2026-03-06 \
    --item "Winner prizes" --payee "Wal-Mart" --receipt W-0306)
meet_lunch=$(outlay expense add meet --category lunch --amount 93 --date 2026-03-08 \
    --item Lunch --payee "Staff canteen")
outlay activity close meet

# Every add printed its record's number: budget lines, expenses, deposits
# and payouts are numbered 1, 2, 3... within their activity, each kind on
# its own (SPEC §11).
for no in "$coach" "$hotel" "$rafting" "$dinner" "$twice" "$lunch" "$credit" "$insurance" \
    "$prizes" "$meet_lunch"; do
    printf '%s\n' "$no" >>numbers.txt
done
got=$(paste -sd' ' numbers.txt)
want="1 2 3 4 5 1 2 3 4 5 6 1 1 2 1 2 3 4 5 6 7 8 1 2"
if [ "$got" != "$want" ]; then
    echo "listing-setup: the add commands printed '$got', not '$want'" >&2
    exit 1
fi
