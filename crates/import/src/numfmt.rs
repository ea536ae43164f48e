//! Excel number formats: how a number stored in a workbook cell is shown to the user.
