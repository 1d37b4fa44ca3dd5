"""Reports: pages orderlens could not read, saved by the extension for the orderlens developers.

The server redacts a page before anything of it touches the disk (`store.save_report`, run in an
analysis worker), and keeps the redacted page, its analysis and a small summary under
`$ORDERLENS_HOME/reports/<id>/`. Nothing is sent anywhere; `orderlens reports` lists them and
`orderlens new-layout NAME --from REPORT_ID` starts a layout from one.
"""
