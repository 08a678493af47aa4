from thanthien.core.forms import XlsxUploadForm


class ProcedureImportForm(XlsxUploadForm):
    """The procedure catalogue, one procedure per row."""
