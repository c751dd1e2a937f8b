"""Paper ballots (phiếu bầu giấy): ``layout`` is the pure geometry shared with the scanner
(``layout.json``), ``render`` prints it with reportlab, ``fonts`` measures Be Vietnam Pro."""
