/* Proves Adk.h is plain C99: a C connector includes it as it is. */
#include "adk_emulator/Adk.h"

int skarv_adk_header_is_c99(void);

int skarv_adk_header_is_c99(void) {
    ADK_ERROR error = {ADKE_OK, 0, 0, 0, 0};
    ADK_FIELD_TYPE type = eChar;
    PADK_DATA data = 0;
    (void)data;
    return (int)error.lRc + (type == eChar ? ADK_DB_ARTICLE : 0);
}
