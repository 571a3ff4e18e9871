/*
 * Adk.h - the C interface of Skarv's Visma Administration ADK emulator
 * (libskarv-adk-emulator.so). Plain C99; a connector includes it and loads either
 * this emulator or Visma's real Adk.dll by path, resolving the same names.
 *
 * Provenance (see sandboxes/visma-adk/README.md for the full list):
 *  - FROM THE PUBLIC RECORD (shared/research/erp.md, sections B.2-B.8, which read
 *    Visma's own Adk.h / AdkError.h): every function name and parameter list, the
 *    ADK_ERROR struct and ADK_ERROR_TEXT_TYPE, ADK_FIELD_TYPE, every ADK_DB_* table
 *    number, every ADK_<TABLE>_<FIELD> number and type below, the ADK_SORT_ORDER
 *    values, the ADKE_* / ADKW_* error numbers, and the __stdcall convention.
 *  - DELIBERATE DIFFERENCES: ADK_DATA is opaque here (Visma's header exposes the
 *    struct layout; a connector must only pass the pointer around, which is all the
 *    public examples do). String inputs are `const char*` (Visma writes CHAR*; same
 *    ABI). Plain C types replace the Windows typedefs (INT=int, LONG=long,
 *    DOUBLE=double, BOOL=int): identical on Windows, and Linux has no <wtypes.h>.
 *  - GUESSES (not in the public record): listed in docs/guesses.md, "Visma ADK", and
 *    marked in the emulator's sources by their ids. The SkarvAdkEmu* entry points at
 *    the end are ours alone.
 */
#ifndef SKARV_ADK_EMULATOR_ADK_H
#define SKARV_ADK_EMULATOR_ADK_H

#ifdef _WIN32
#define ADK_API __stdcall
#else
#define ADK_API
#endif

#if defined(SKARV_ADK_EMULATOR_BUILDING)
#if defined(_WIN32)
/* Adk.def names the exports, decorated as Visma's are (_AdkOpen@8); dllexport would add
 * MinGW's spelling without the underscore beside them (windows/adk_def.cmake). */
#define ADK_EXPORT
#else
#define ADK_EXPORT __attribute__((visibility("default")))
#endif
#else
#define ADK_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Core types ---------------------------------------------------------------- */

/* Opaque record ("data struct"): created by AdkCreateData/AdkCreateDataRow, freed by
 * AdkDeleteStruct. Rows fetched with AdkGetData/AdkGetDataRow belong to their head or
 * row array and must not be freed on their own. */
typedef struct SkarvAdkData ADK_DATA;
typedef ADK_DATA* PADK_DATA;

typedef long ADK_HANDLE;

typedef struct _Error {
    long lRc;         /* ADKE_OK (0) on success, else an ADKE_* number */
    long lDbTable;    /* an ADKE_DBTABLE_* number naming the table involved */
    long lField;      /* the field id involved */
    long lFunction;   /* an ADKE_<FUNCTION> number (ADKE_ADD, ADKE_FIND, ...) */
    long lProgramPart;
} ADK_ERROR, *PADK_ERROR;

typedef enum {
    elRc = 0,
    elDbTable = 1,
    elField = 2,
    elFunction = 3,
    elProgramPart = 4
} ADK_ERROR_TEXT_TYPE;

typedef enum {
    eUnused = 0,
    eBool = 1,
    eChar = 2,
    eDouble = 4,
    eDate = 5,
    eData = 6
} ADK_FIELD_TYPE;

typedef enum {
    eReadOnly = 0,
    eReadWrite = 1
} ADK_RW;

#define ADKI_ADMIN2000 1
#define ADKI_ADMIN1000 2
#define ADKI_ADMIN500 3
#define ADKI_FORENING 4
#define ADKI_ADMIN200 5

/* ---- Sort orders (ADK_SORT_ORDER). Only the ones the emulator serves. ---------- */
typedef enum {
    eCustomerNr = 0,
    eCustomerName = 1,
    eOfferNr = 7,
    eOrderNr = 9,
    eOrderDate = 10,
    eOrderDeliveryDate = 11,
    eInvoiceNr = 12,
    eInvoiceDate = 13,
    eArticleNr = 16,
    eArticleName = 17,
    eArticleGroup = 20,
    eCodeOfPriceList = 43,
    eOrderNoInvoiceCustomerNr = 49,
    eInvoiceNotPayedCustomerNr = 65,
    eInvoiceNotPayedDate = 66,
    eInvoicePayedCustomerNr = 67,
    ePriceArticleNr = 117,
    ePriceList = 120,
    eArticleWebShop = 155,
    eCustomerPaymentInvoice = 161,
    eOrderNoInvoice = 178,
    eVerificationNr = 179,
    eOrderNotDelivered = 217,
    eTimeStamp = 220,
    eCustomerEmail = 240
} ADK_SORT_ORDER;

/* ---- Table numbers (ADK_DB_*), all from the public record. ----------------------
 * The emulator serves: CUSTOMER, ARTICLE, ORDER_HEAD/ROW, OFFER_HEAD/ROW,
 * INVOICE_HEAD/ROW, CODE_OF_PRICE_LIST, PRICE, CUSTOMERPAYMENT, VERIFICATION_HEAD/ROW.
 * AdkCreateData on any other number returns NULL. */
#define ADK_DB_CUSTOMER 0
#define ADK_DB_ARTICLE 1
#define ADK_DB_ORDER_HEAD 2
#define ADK_DB_ORDER_ROW 3
#define ADK_DB_OFFER_HEAD 4
#define ADK_DB_OFFER_ROW 5
#define ADK_DB_INVOICE_HEAD 6
#define ADK_DB_INVOICE_ROW 7
#define ADK_DB_SUPPLIER_INVOICE_HEAD 8
#define ADK_DB_SUPPLIER_INVOICE_ROW 9
#define ADK_DB_PROJECT 10
#define ADK_DB_ACCOUNT 11
#define ADK_DB_SUPPLIER 12
#define ADK_DB_CODE_OF_TERMS_OF_DELIVERY 13
#define ADK_DB_CODE_OF_WAY_OF_DELIVERY 14
#define ADK_DB_CODE_OF_TERMS_OF_PAYMENT 15
#define ADK_DB_CODE_OF_LANGUAGE 16
#define ADK_DB_CODE_OF_CURRENCY 17
#define ADK_DB_CODE_OF_CUSTOMER_CATEGORY 18
#define ADK_DB_CODE_OF_DISTRICT 19
#define ADK_DB_CODE_OF_SELLER 20
#define ADK_DB_DISCOUNT_AGREEMENT 21
#define ADK_DB_CODE_OF_ARTICLE_GROUP 22
#define ADK_DB_CODE_OF_ARTICLE_ACCOUNT 23
#define ADK_DB_CODE_OF_UNIT 24
#define ADK_DB_CODE_OF_PROFIT_CENTRE 25
#define ADK_DB_CODE_OF_PRICE_LIST 26
#define ADK_DB_PRM 27
#define ADK_DB_INVENTORY_ARTICLE 28
#define ADK_DB_MANUAL_DELIVERY_IN 29
#define ADK_DB_MANUAL_DELIVERY_OUT 30
#define ADK_DB_DISPATCHER 31
#define ADK_DB_BOOKING_HEAD 32
#define ADK_DB_BOOKING_ROW 33
#define ADK_DB_CODE_OF_CUSTOMER_DISCOUNT_ROW 34
#define ADK_DB_CODE_OF_ARTICLE_PARCEL 35
#define ADK_DB_CODE_OF_ARTICLE_NAME 36
#define ADK_DB_PRICE 37
#define ADK_DB_ARTICLE_PURCHASE_PRICE 38
#define ADK_DB_CODE_OF_WAY_OF_PAYMENT 39
#define ADK_DB_MEMBER 50
#define ADK_DB_DELIVERY_NOTE_HEAD 51
#define ADK_DB_DELIVERY_NOTE_ROW 52
#define ADK_DB_PACKAGE_HEAD 53
#define ADK_DB_PACKAGE_ROW 54
#define ADK_DB_IMP_PACKAGE_HEAD 55
#define ADK_DB_IMP_PACKAGE_ROW 56
#define ADK_DB_DELIVERY_ADDRESS 57
#define ADK_DB_PRM2 58
#define ADK_DB_CODE_OF_YOUR_REF_CUSTOMER 59
#define ADK_DB_CODE_OF_YOUR_REF_SUPPLIER 60
#define ADK_DB_CODE_OF_COUNTRY_CODE 61
#define ADK_DB_CUSTOMERPAYMENT 62
#define ADK_DB_CODE_OF_ADJUSTMENT_CODE 63
#define ADK_DB_SUPPLIERPAYMENT 64
#define ADK_DB_VERIFICATION_HEAD 65
#define ADK_DB_VERIFICATION_ROW 66
#define ADK_DB_CODE_OF_BOOKINGYEAR 67
#define ADK_DB_CODE_OF_DISCOUNT_CODE 68
#define ADK_DB_CONTACT 69
#define ADK_DB_VERIFICATION_SERIES 78
#define ADK_DB_CUSTOMER_ARTICLE 81
#define ADK_DB_PRM3 84

/* ---- Customer (ADK_DB_CUSTOMER) ------------------------------------------------ */
#define ADK_CUSTOMER_NUMBER 0                  /* eChar, key */
#define ADK_CUSTOMER_NAME 1                    /* eChar */
#define ADK_CUSTOMER_SHORT_NAME 2              /* eChar */
#define ADK_CUSTOMER_MAILING_ADDRESS 3         /* eChar */
#define ADK_CUSTOMER_MAILING_ADDRESS2 4        /* eChar */
#define ADK_CUSTOMER_ZIPCODE 6                 /* eChar */
#define ADK_CUSTOMER_CITY 7                    /* eChar */
#define ADK_CUSTOMER_COUNTRY 8                 /* eChar */
#define ADK_CUSTOMER_TELEPHONE 9               /* eChar */
#define ADK_CUSTOMER_DELIVERY_NAME 12          /* eChar */
#define ADK_CUSTOMER_DELIVERY_ADDRESS 13       /* eChar */
#define ADK_CUSTOMER_DELIVERY_ADDRESS2 14      /* eChar */
#define ADK_CUSTOMER_DELIVERY_ZIPCODE 16       /* eChar */
#define ADK_CUSTOMER_DELIVERY_CITY 17          /* eChar */
#define ADK_CUSTOMER_DELIVERY_COUNTRY 18       /* eChar */
#define ADK_CUSTOMER_DELIVERY_TELEPHONE 19     /* eChar */
#define ADK_CUSTOMER_REFERENCE 22              /* eChar */
#define ADK_CUSTOMER_ORGANISATION_NUMBER 25    /* eChar */
#define ADK_CUSTOMER_CATEGORY 26               /* eChar */
#define ADK_CUSTOMER_CODE_OF_TERMS_OF_DELIVERY 29 /* eChar */
#define ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT 30  /* eChar */
#define ADK_CUSTOMER_CODE_OF_WAY_OF_DELIVERY 31   /* eChar */
#define ADK_CUSTOMER_CODE_OF_CURRENCY 37       /* eChar */
#define ADK_CUSTOMER_CODE_OF_LANGUAGE 38       /* eChar */
#define ADK_CUSTOMER_PRICE_LIST 43             /* eChar, a CODE_OF_PRICE_LIST code */
#define ADK_CUSTOMER_INVOICE_DISCOUNT 44       /* eDouble */
#define ADK_CUSTOMER_ROW_DISCOUNT 45           /* eDouble */
#define ADK_CUSTOMER_REMARK1 46                /* eChar */
#define ADK_CUSTOMER_REMARK2 47                /* eChar */
#define ADK_CUSTOMER_CREDIT_LIMIT 48           /* eDouble */
#define ADK_CUSTOMER_VAT_NUMBER 59             /* eChar */
#define ADK_CUSTOMER_EU_CUSTOMER 61            /* eBool */
#define ADK_CUSTOMER_EMAIL 62                  /* eChar */
#define ADK_CUSTOMER_LASTCHANGE 66             /* eDate, read-only */
#define ADK_CUSTOMER_CODE_OF_COUNTRY 70        /* eChar */
#define ADK_CUSTOMER_DELIVERY_CODE_OF_COUNTRY 71 /* eChar */
#define ADK_CUSTOMER_WSCUSTOMER 77             /* eBool: web-shop customer */
#define ADK_CUSTOMER_MOBILE_PHONE 88           /* eChar */
#define ADK_CUSTOMER_ACCEPT_COMMERCIAL_EMAIL 89 /* eBool */
#define ADK_CUSTOMER_NOTES 91                  /* eChar */
#define ADK_CUSTOMER_TIMESTAMP 94              /* eDate (date-time long), read-only */
#define ADK_CUSTOMER_INACTIVE 112              /* eBool */

/* ---- Article (ADK_DB_ARTICLE); no variants: each size/colour is an article ---- */
#define ADK_ARTICLE_NUMBER 0                   /* eChar, key */
#define ADK_ARTICLE_NAME 1                     /* eChar */
#define ADK_ARTICLE_NAME_X 2                   /* eChar */
#define ADK_ARTICLE_SHORT_NAME 3               /* eChar */
#define ADK_ARTICLE_GROUP 4                    /* eChar */
#define ADK_ARTICLE_ACCOUNTING_CODE 5          /* eChar; emulator: "1" 25 %, "2" 12 %, "3" 6 %, "4" 0 % VAT */
#define ADK_ARTICLE_STOCK_GOODS 6              /* eBool */
#define ADK_ARTICLE_UNIT_CODE 7                /* eChar */
#define ADK_ARTICLE_SORT_ORDER 8               /* eChar */
#define ADK_ARTICLE_QUANTITY_IN_STOCK 9        /* eDouble */
#define ADK_ARTICLE_QUANTITY_RESERVED 10       /* eDouble, read-only */
#define ADK_ARTICLE_ORDER_POINT 11             /* eDouble */
#define ADK_ARTICLE_ORDERED_QUANTITY 14        /* eDouble, read-only */
#define ADK_ARTICLE_PLACE_IN_STOCK 16          /* eChar */
#define ADK_ARTICLE_WEIGHT 17                  /* eDouble */
#define ADK_ARTICLE_VOLUME 18                  /* eDouble */
#define ADK_ARTICLE_SUPPLIER_NUMBER 19         /* eChar */
#define ADK_ARTICLE_LAST_PURCHASE_PRICE 25     /* eDouble */
#define ADK_ARTICLE_REMARK1 29                 /* eChar */
#define ADK_ARTICLE_REMARK2 30                 /* eChar */
#define ADK_ARTICLE_ESTIMATED_PURCHASE_PRICE 39 /* eDouble */
#define ADK_ARTICLE_STOCK_VALUE 42             /* eDouble, read-only */
#define ADK_ARTICLE_PRICE_LIST 44              /* eChar: the list ADK_ARTICLE_PRICE is in */
#define ADK_ARTICLE_PRICE 45                   /* eDouble */
#define ADK_ARTICLE_DISPOSABLE_IN_STOCK 47     /* eDouble, read-only: in stock - reserved */
#define ADK_ARTICLE_BAR_CODE 67                /* eChar */
#define ADK_ARTICLE_BAR_CODE_TYPE 68           /* eDouble */
#define ADK_ARTICLE_PARCEL 69                  /* eBool */
#define ADK_ARTICLE_WEBSHOP 71                 /* eBool */
#define ADK_ARTICLE_IMAGE_PATH 72              /* eChar */
#define ADK_ARTICLE_TYPE_OF_ARTICLE 74         /* eChar */
#define ADK_ARTICLE_TIMESTAMP 75               /* eDate (date-time long), read-only */
#define ADK_ARTICLE_INACTIVE 76                /* eBool */
#define ADK_ARTICLE_NOTE 78                    /* eChar */

/* ---- Order / offer / invoice head (ADK_DB_ORDER_HEAD, _OFFER_HEAD, _INVOICE_HEAD) */
#define ADK_OOI_HEAD_DOCUMENT_NUMBER 0         /* eDouble; 0 on AdkAdd = next in series */
#define ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1 1 /* eDouble: offer<->order<->invoice */
#define ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER2 2 /* eDouble */
#define ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER3 3 /* eDouble */
#define ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER4 4 /* eDouble */
#define ADK_OOI_HEAD_DOCUMENT_NOT_DONE 5       /* eBool */
#define ADK_OOI_HEAD_DOCUMENT_PRINTED 6        /* eBool */
#define ADK_OOI_HEAD_DOCUMENT_CANCELLED 7      /* eBool (makulerad) */
#define ADK_OOI_HEAD_DOCUMENT_DATE1 8          /* eDate: order/invoice date */
#define ADK_OOI_HEAD_DOCUMENT_DATE2 9          /* eDate: delivery date / due date */
#define ADK_OOI_HEAD_ORDER_DELIVERED 10        /* eBool */
#define ADK_OOI_HEAD_ORDER_PICK_PRINTED 11     /* eBool */
#define ADK_OOI_HEAD_ORDER_DELIVERY_NOTE_PRINTED 12 /* eBool */
#define ADK_OOI_HEAD_TYPE_OF_INVOICE 13        /* eChar */
#define ADK_OOI_HEAD_CUSTOMER_NUMBER 14        /* eChar */
#define ADK_OOI_HEAD_CUSTOMER_NAME 15          /* eChar */
#define ADK_OOI_HEAD_MAILING_ADDRESS1 16       /* eChar */
#define ADK_OOI_HEAD_MAILING_ADDRESS2 17       /* eChar */
#define ADK_OOI_HEAD_ZIPCODE 18                /* eChar */
#define ADK_OOI_HEAD_CITY 19                   /* eChar */
#define ADK_OOI_HEAD_COUNTRY 20                /* eChar */
#define ADK_OOI_HEAD_DELIVERY_NAME 21          /* eChar */
#define ADK_OOI_HEAD_DELIVERY_MAILING_ADDRESS1 22 /* eChar */
#define ADK_OOI_HEAD_DELIVERY_MAILING_ADDRESS2 23 /* eChar */
#define ADK_OOI_HEAD_DELIVERY_ZIPCODE 24       /* eChar */
#define ADK_OOI_HEAD_DELIVERY_CITY 25          /* eChar */
#define ADK_OOI_HEAD_DELIVERY_COUNTRY 26       /* eChar */
#define ADK_OOI_HEAD_CUSTOMER_REFERENCE_NAME 27 /* eChar */
#define ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER 28  /* eChar: the web shop's order number */
#define ADK_OOI_HEAD_CUSTOMER_REFERENCE_NUMBER 29 /* eChar */
#define ADK_OOI_HEAD_OUR_REFERENCE_NAME 30     /* eChar */
#define ADK_OOI_HEAD_SELLER_CODE 32            /* eChar */
#define ADK_OOI_HEAD_CURRENCY_CODE 33          /* eChar */
#define ADK_OOI_HEAD_LANGUAGE_CODE 34          /* eChar */
#define ADK_OOI_HEAD_CURRENCY_RATE 35          /* eDouble */
#define ADK_OOI_HEAD_INCLUDING_VAT 41          /* eBool: row prices include VAT */
#define ADK_OOI_HEAD_LIST_OF_PRICE_CODE 43     /* eChar: price list */
#define ADK_OOI_HEAD_INVOICE_DISCOUNT 44       /* eDouble, per cent */
#define ADK_OOI_HEAD_CODE_OF_TERMS_OF_PAYMENT 46 /* eChar */
#define ADK_OOI_HEAD_CODE_OF_TERMS_OF_DELIVERY 47 /* eChar */
#define ADK_OOI_HEAD_CODE_OF_WAY_OF_DELIVERY 48 /* eChar */
#define ADK_OOI_HEAD_TEXT1 49                  /* eChar */
#define ADK_OOI_HEAD_TEXT2 50                  /* eChar */
#define ADK_OOI_HEAD_TEXT3 51                  /* eChar */
#define ADK_OOI_HEAD_CARGO_AMOUNT 56           /* eDouble: freight, same VAT basis as rows */
#define ADK_OOI_HEAD_CARGO_VAT_CODE 57         /* eChar */
#define ADK_OOI_HEAD_DISPATCH_FEE 58           /* eDouble */
#define ADK_OOI_HEAD_ROUND_OFF 60              /* eDouble, read-only */
#define ADK_OOI_HEAD_TOTAL_AMOUNT 61           /* eDouble, read-only: incl. VAT */
#define ADK_OOI_HEAD_BALANCE 62                /* eDouble, read-only: left to pay */
#define ADK_OOI_HEAD_PROJECT_CODE 63           /* eChar */
#define ADK_OOI_HEAD_PROFIT_CENTRE 64          /* eChar */
#define ADK_OOI_HEAD_GROSS 96                  /* eDouble, read-only */
#define ADK_OOI_HEAD_NET 97                    /* eDouble, read-only */
#define ADK_OOI_HEAD_EXCLUDING_OF_VAT 98       /* eDouble, read-only */
#define ADK_OOI_HEAD_VAT_AMOUNT 99             /* eDouble, read-only */
#define ADK_OOI_HEAD_ROWS 103                  /* eData: the row array */
#define ADK_OOI_HEAD_NROWS 104                 /* eDouble */
#define ADK_OOI_HEAD_LOCAL_REMARK 105          /* eChar */
#define ADK_OOI_HEAD_OCR_NUMBER 112            /* eChar, read-only */
#define ADK_OOI_HEAD_CODE_OF_COUNTRY 113       /* eChar */
#define ADK_OOI_HEAD_DELIVERY_CODE_OF_COUNTRY 114 /* eChar */
#define ADK_OOI_HEAD_LAST_PAYMENT 120          /* eDate, read-only */
#define ADK_OOI_HEAD_TIMESTAMP 137             /* eDate (date-time long), read-only */
#define ADK_OOI_HEAD_DELIVERY_ID 139           /* eDouble */
#define ADK_OOI_HEAD_ELECTRONIC_REFERENCE 142  /* eChar */

/* ---- Order / offer / invoice row (ADK_DB_ORDER_ROW, _OFFER_ROW, _INVOICE_ROW) -- */
#define ADK_OOI_ROW_ARTICLE_NUMBER 0           /* eChar; empty = text row */
#define ADK_OOI_ROW_SUPPLIER_ARTICLE_NUMBER 1  /* eChar */
#define ADK_OOI_ROW_QUANTITY1 2                /* eDouble: order: ordered; invoice: delivered */
#define ADK_OOI_ROW_QUANTITY2 3                /* eDouble: order: to deliver; invoice: ordered */
#define ADK_OOI_ROW_QUANTITY3 4                /* eDouble: rest */
#define ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY 5 /* eDouble */
#define ADK_OOI_ROW_DISCOUNT 7                 /* eDouble, per cent */
#define ADK_OOI_ROW_AMOUNT_DISCOUNT_FLAG 8     /* eBool */
#define ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY 9  /* eDouble, read-only */
#define ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY 10 /* eDouble, read-only */
#define ADK_OOI_ROW_ACCOUNT_NUMBER 11          /* eChar */
#define ADK_OOI_ROW_PROFIT_CENTRE 12           /* eChar */
#define ADK_OOI_ROW_PROJECT 13                 /* eChar */
#define ADK_OOI_ROW_TEXT 14                    /* eChar */
#define ADK_OOI_ROW_UNIT 15                    /* eChar */
#define ADK_OOI_ROW_VAT_CODE 16                /* eChar: "1" 25 %, "2" 12 %, "3" 6 %, "0" none */
#define ADK_OOI_ROW_DATE2 18                   /* eDate */
#define ADK_OOI_ROW_TYPE_OF_ROW 19             /* eChar */
#define ADK_OOI_ROW_BAR_CODE 25                /* eChar */
#define ADK_OOI_ROW_ROWNUMBER 31               /* eDouble, read-only, 1-based */
#define ADK_OOI_ROW_SERIAL_NUMBER 35           /* eChar */
#define ADK_OOI_ROW_BATCH_NUMBER 36            /* eChar */
#define ADK_OOI_ROW_TIMESTAMP 49               /* eDate (date-time long), read-only */

/* ---- Price lists (ADK_DB_CODE_OF_PRICE_LIST) and prices (ADK_DB_PRICE) ---------- */
#define ADK_CODE_OF_PRICE_LIST_CODE 0          /* eChar, key */
#define ADK_CODE_OF_PRICE_LIST_TEXT 1          /* eChar */
#define ADK_CODE_OF_PRICE_LIST_CURRENCY_CODE 2 /* eChar */
#define ADK_CODE_OF_PRICE_LIST_LANGUAGE_CODE 3 /* eChar */
#define ADK_CODE_OF_PRICE_LIST_INCLUDING_VAT 4 /* eBool */
#define ADK_CODE_OF_PRICE_LIST_NOTE 5          /* eChar */
#define ADK_CODE_OF_PRICE_LIST_CHANGE_DATE 6   /* eDate, read-only */
#define ADK_CODE_OF_PRICE_LIST_TIMESTAMP 15    /* eDate (date-time long), read-only */

#define ADK_PRICE_PRICE_LIST 0                 /* eChar, key part 1 */
#define ADK_PRICE_ARTICLE_NUMBER 1             /* eChar, key part 2 */
#define ADK_PRICE_QUANTITY 2                   /* eDouble, key part 3: quantity break */
#define ADK_PRICE_PRICE 3                      /* eDouble */
#define ADK_PRICE_BASE 4                       /* eBool */
#define ADK_PRICE_PER_CENT 5                   /* eDouble */
#define ADK_PRICE_DATE_OF_CHANGE 6             /* eDate, read-only */
#define ADK_PRICE_TIMESTAMP 7                  /* eDate (date-time long), read-only */

/* ---- Customer payments (ADK_DB_CUSTOMERPAYMENT) -------------------------------- */
#define ADK_CUSTOMERPAYMENT_NR 0               /* eDouble, assigned on AdkAdd */
#define ADK_CUSTOMERPAYMENT_INVOICE_NUMBER 1   /* eDouble */
#define ADK_CUSTOMERPAYMENT_DATE 2             /* eDate */
#define ADK_CUSTOMERPAYMENT_AMOUNT_KR 8        /* eDouble */
#define ADK_CUSTOMERPAYMENT_PAYTEXT 9          /* eChar */
#define ADK_CUSTOMERPAYMENT_CURRENCY_CODE 10   /* eChar */
#define ADK_CUSTOMERPAYMENT_PAYMENT_CODE 11    /* eChar */
#define ADK_CUSTOMERPAYMENT_STATUS 12          /* eChar */
#define ADK_CUSTOMERPAYMENT_CANCELLED 24       /* eBool */
#define ADK_CUSTOMERPAYMENT_STATUS_C 30        /* eChar */
#define ADK_CUSTOMERPAYMENT_SETTLED 31         /* eBool */
#define ADK_CUSTOMERPAYMENT_AMOUNT_PAID 36     /* eDouble */
#define ADK_CUSTOMERPAYMENT_TIMESTAMP 38       /* eDate (date-time long), read-only */

/* ---- Vouchers (ADK_DB_VERIFICATION_HEAD / _ROW) -------------------------------- */
#define ADK_VERIFICATION_HEAD_AAR_ID 0         /* eChar: booking year */
#define ADK_VERIFICATION_HEAD_VER_NR 1         /* eDouble, assigned on AdkAdd */
#define ADK_VERIFICATION_HEAD_DATE1 2          /* eDate */
#define ADK_VERIFICATION_HEAD_INFO 5           /* eChar */
#define ADK_VERIFICATION_HEAD_DEBIT 6          /* eDouble, read-only */
#define ADK_VERIFICATION_HEAD_CREDIT 7         /* eDouble, read-only */
#define ADK_VERIFICATION_HEAD_ROWS 14          /* eData */
#define ADK_VERIFICATION_HEAD_NROWS 15         /* eDouble */
#define ADK_VERIFICATION_HEAD_VER_SERIE 16     /* eChar */
#define ADK_VERIFICATION_HEAD_TIMESTAMP 19     /* eDate (date-time long), read-only */

#define ADK_VERIFICATION_ROW_ROW 2             /* eDouble, read-only */
#define ADK_VERIFICATION_ROW_AMOUNT 5          /* eDouble: debit > 0, credit < 0 */
#define ADK_VERIFICATION_ROW_ACCOUNT 8         /* eChar */
#define ADK_VERIFICATION_ROW_INFO 9            /* eChar */
#define ADK_VERIFICATION_ROW_PROJECT 10        /* eChar */
#define ADK_VERIFICATION_ROW_PROFIT_CENTRE 11  /* eChar */
#define ADK_VERIFICATION_ROW_QUANTITY 14       /* eDouble */
#define ADK_VERIFICATION_ROW_VER_SERIE 15      /* eChar */

/* ---- Error numbers (ADKE_*: errors, ADKW_*: warnings). A selection. ------------ */
#define ADKE_OK 0
#define ADKE_INTERNAL 1
#define ADKE_ORDER_EDIT_DENIED_CREATED 11
#define ADKE_ORDER_EDIT_DENIED_DELIVERED 13
#define ADKE_COULD_NOT_FIND_ARTICLE 20
#define ADKE_COULD_NOT_FIND_CUSTOMER 21
#define ADKE_INVALID_PRISL 35
#define ADKE_OOF_INVALID_CUSTOMER 49
#define ADKE_OOF_INVALID_ARTICLE 50
#define ADKE_CUSTOMER_INVALID_CUSTOMERNR 51
#define ADKE_DBTABLE_CUSTOMER 52
#define ADKE_DBTABLE_ARTICLE 53
#define ADKE_DBTABLE_OOF 54
#define ADKE_DBTABLE_PRICELIST 63
#define ADKE_BOF 78
#define ADKE_EOF 79
#define ADKE_NO_DB_OPEN 80
#define ADKE_ADD 81
#define ADKE_FIND 82
#define ADKE_FIRST 83
#define ADKE_NEXT 84
#define ADKE_UPDATE 85
#define ADKE_SET_BOOL 87
#define ADKE_SET_DOUBLE 88
#define ADKE_SET_STRING 89
#define ADKE_SET_DATA 90
#define ADKE_SET_DATE 91
#define ADKE_GET_STRING 92
#define ADKE_GET_BOOL 94
#define ADKE_GET_DOUBLE 95
#define ADKE_GET_DATE 96
#define ADKE_GET_TYPE 97
#define ADKE_GET_DATA 98
#define ADKE_GET_DATA_ROW 99
#define ADKE_OPEN 100
#define ADKE_DELETE_STRUCT 101
#define ADKE_UNKNON_DB_FIELD 102
#define ADKE_INVALID_DATA_TYPE 103
#define ADKE_NOT_VALID_SORTORDER 104
#define ADKE_INVALID_DB 107
#define ADKE_EDIT_DENIED_FIELD 109
#define ADKE_INVALID_INDEX 111
#define ADKE_NO_KEY 112
#define ADKE_LONG_TO_DATE 113
#define ADKE_TO_SHORT_STRING 114
#define ADKE_NOT_FOUND 115
#define ADKE_INVALID_PATH_COMPANY 116
#define ADKE_SET_SORT_ORDER 117
#define ADKE_INVALID_ADM_PATH 137
#define ADKE_DATE_TO_LONG 138
#define ADKE_EDIT_DENIED_INVOICE_PAYED 141
#define ADKE_DELETE 154
#define ADKE_DELETE_DENIED 164
#define ADKE_DELETE_ROW 165
#define ADKE_TOO_MANY_SIGNS 180
#define ADKE_GET_FIELD_NAME 186
#define ADKE_PREVIOUS 204
#define ADKE_LAST 205
#define ADKE_INVALID_STRUCT_POINTER 211
#define ADKE_INVALID_STRUCT_POINTER_TO_ROW 212
#define ADKE_KEY_TAKEN_IN_NUMBERSERIES 214
#define ADKE_ORDER_HAS_CREATED_INVOICE 217
#define ADKE_QUANTITY_0 226
#define ADKW_COULD_NOT_FIND_ARTICLE_PRICE 251
#define ADKW_CHANGED_STOCK 252
#define ADKE_ORDER_DOESNT_EXIST 262
#define ADKE_ORDER_MAKUL 263
#define ADKE_OOI_CONNECT_NROWS_NOT_ZERO 266
#define ADKE_CONNECTION_NUMBER1 267
#define ADKE_DBTABLE_PRICE 280
#define ADKE_DBTABLE_ORDER 313
#define ADKE_DBTABLE_ORDER_ROW 314
#define ADKE_DBTABLE_OFFER 315
#define ADKE_DBTABLE_OFFER_ROW 316
#define ADKE_INVOICENR_ALREADY_EXIST 345
#define ADKE_RESET_STRUCT 349
#define ADKE_FIRSTEX 380
#define ADKE_NEXTEX 381
#define ADKE_FINDEX 382
#define ADKE_PREVIOUSEX 383
#define ADKE_LASTEX 384
#define ADKE_GET_VATPERCENT_ON_ARTICLE 386
#define ADKE_GET_VATPERCENT_ON_ARTICLE_NOT_FOUND 387
#define ADKE_DBTABLE_CUSTOMERPAYMENT 401
#define ADKE_CUSTOMERPAYMENT_INVALID_INVOICE 416
#define ADKE_CUSTOMERPAYMENT_ZERO_NOT_ALLOWED 432
#define ADKE_DBTABLE_VER 454
#define ADKE_DBTABLE_VER_ROW 455
#define ADKE_VERIFICATION_NO_ROWS 459
#define ADKE_VERIFICATION_DIFF 467
#define ADKE_EXCLUSIVE_LOCK 486
#define ADKE_FIND2 577
#define ADKE_LONG_TO_DATETIME 584
#define ADKE_DATETIME_TO_LONG 585
#define ADKE_INVALID_DATETIME_STRING 587
#define ADKE_GET_TIMESTAMP_FIELD 606
#define ADKE_TIMESTAMP_FIELD_NOT_FOUND 607
#define ADKE_GET_LAST_FIELD_ID 667
#define ADKE_GET_NROWS_FIELD_ID 668
#define ADKE_GET_ROWS_FIELD_ID 669
#define ADKE_GET_ROW_DB_ID 670
#define ADKE_NULLPOINTER 671
#define ADKE_INVALID_PDATA 672
#define ADKE_LOGIN_DENIED 674
#define ADKE_LOGIN_FAIL 676
#define ADKE_OPENEX 348
#define ADKE_GETCOMPANYNAME 616
#define ADKE_OPEN2 677
#define ADKE_OPENEX2 678
#define ADKE_ISLOGINACTIVATED 679
#define ADKE_ADDEX 680
#define ADKE_UPDATEEX 681
#define ADKE_SETFILTER 682
#define ADKE_ISFILTERABLE 683
#define ADKE_CLEARFILTERS 684
#define ADKE_INVALID_FILTER_FIELD 685
#define ADKE_INVALID_FILTER_EXPRESSION 686
#define ADKE_INVALID_FILTER_SYNTAX_VERSION 687
#define ADKE_ORDER_NOT_DELIVERED 688
#define ADKE_LAST_ERROR_CODE 694

/* ---- Functions (real ADK names and parameter lists) ---------------------------- */

/* Records and rows */
ADK_EXPORT PADK_DATA ADK_API AdkCreateData(int iDatabaseId);
ADK_EXPORT PADK_DATA ADK_API AdkCreateDataRow(int lDatabaseId, int iNumber);
ADK_EXPORT PADK_DATA ADK_API AdkGetDataRow(ADK_DATA* pDataRow, int iIx);
ADK_EXPORT ADK_ERROR ADK_API AdkDeleteStruct(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkResetStruct(ADK_DATA* pData);

/* Field access. Strings are copied into the caller's buffer *ppsValue of iLen bytes. */
ADK_EXPORT ADK_ERROR ADK_API AdkGetStr(ADK_DATA* pData, int iFieldId, char** ppsValue, int iLen);
ADK_EXPORT ADK_ERROR ADK_API AdkGetBool(ADK_DATA* pData, int iFieldId, int* piValue);
ADK_EXPORT ADK_ERROR ADK_API AdkGetData(ADK_DATA* pData, int iFieldId, int iIx, ADK_DATA** ppDataRow);
ADK_EXPORT ADK_ERROR ADK_API AdkGetDouble(ADK_DATA* pData, int iFieldId, double* pdValue);
ADK_EXPORT ADK_ERROR ADK_API AdkGetDate(ADK_DATA* pData, int iFieldId, long* plValue);
ADK_EXPORT ADK_ERROR ADK_API AdkSetStr(ADK_DATA* pData, int iFieldId, const char* pValue);
ADK_EXPORT ADK_ERROR ADK_API AdkSetBool(ADK_DATA* pData, int iFieldId, int iValue);
ADK_EXPORT ADK_ERROR ADK_API AdkSetData(ADK_DATA* pData, int iFieldId, ADK_DATA* pDataRow);
ADK_EXPORT ADK_ERROR ADK_API AdkSetDouble(ADK_DATA* pData, int iFieldId, double dValue);
ADK_EXPORT ADK_ERROR ADK_API AdkSetDate(ADK_DATA* pData, int iFieldId, long lValue);

/* Dates */
ADK_EXPORT ADK_ERROR ADK_API AdkLongToDate(long lValue, char** ppsValue, int iLen);
ADK_EXPORT ADK_ERROR ADK_API AdkDateToLong(const char* sValue, long* plValue);
ADK_EXPORT ADK_ERROR ADK_API AdkLongToDateTime(long lValue, char** ppsValue, int iLen);
ADK_EXPORT ADK_ERROR ADK_API AdkDateTimeToLong(const char* sValue, long* plValue);

/* Field metadata */
ADK_EXPORT ADK_ERROR ADK_API AdkGetType(ADK_DATA* pData, int iFieldId, ADK_FIELD_TYPE* peType);
ADK_EXPORT ADK_ERROR ADK_API AdkGetLength(ADK_DATA* pData, int iFieldId, int* iLength);
ADK_EXPORT ADK_ERROR ADK_API AdkGetDecimals(ADK_DATA* pData, int iFieldId, int* iDec);
ADK_EXPORT int ADK_API AdkIsReadWrite(ADK_DATA* pData, int iFieldId);
ADK_EXPORT ADK_ERROR ADK_API AdkGetFieldName(int iDataBaseId, int iFieldId, char** ppsValue, int iLen);
ADK_EXPORT ADK_ERROR ADK_API AdkGetTimestampField(ADK_DATA* pData, int* iFieldId);
ADK_EXPORT ADK_ERROR ADK_API AdkGetLastFldId(ADK_DATA* pData, int* piFieldId);
ADK_EXPORT ADK_ERROR ADK_API AdkGetNrowsFldId(ADK_DATA* pData, int* piFieldId);
ADK_EXPORT ADK_ERROR ADK_API AdkGetRowsFldId(ADK_DATA* pData, int* piFieldId);
ADK_EXPORT ADK_ERROR ADK_API AdkGetRowDbId(ADK_DATA* pData, int* piRowDbId);

/* Record operations */
ADK_EXPORT ADK_ERROR ADK_API AdkAdd(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkAddEx(ADK_DATA* pData, int bRow);
ADK_EXPORT ADK_ERROR ADK_API AdkUpdate(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkUpdateEx(ADK_DATA* pData, int bRow);
ADK_EXPORT ADK_ERROR ADK_API AdkDelete(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkDeleteRecord(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkDeleteRow(ADK_DATA* pData, int iRowNr);

/* Navigation */
ADK_EXPORT ADK_ERROR ADK_API AdkFind(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkFindEx(ADK_DATA* pData, int bRow);
ADK_EXPORT ADK_ERROR ADK_API AdkFind2(ADK_DATA* pData, int bRow);
ADK_EXPORT ADK_ERROR ADK_API AdkFirst(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkFirstEx(ADK_DATA* pData, int bRow);
ADK_EXPORT ADK_ERROR ADK_API AdkNext(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkNextEx(ADK_DATA* pData, int bRow);
ADK_EXPORT ADK_ERROR ADK_API AdkPrevious(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkPreviousEx(ADK_DATA* pData, int bRow);
ADK_EXPORT ADK_ERROR ADK_API AdkLast(ADK_DATA* pData);
ADK_EXPORT ADK_ERROR ADK_API AdkLastEx(ADK_DATA* pData, int bRow);
ADK_EXPORT ADK_ERROR ADK_API AdkSetSortOrder(ADK_DATA* pData, ADK_SORT_ORDER nSortOrder);
ADK_EXPORT ADK_ERROR ADK_API AdkSetFilter(ADK_DATA* pData, int iFieldId, const char* pExpression, int iVersion);
ADK_EXPORT ADK_ERROR ADK_API AdkIsFilterable(ADK_DATA* pData, int iFieldId, int* pbIsFilterable);
ADK_EXPORT ADK_ERROR ADK_API AdkClearFilters(ADK_DATA* pData);

/* Session */
ADK_EXPORT ADK_ERROR ADK_API AdkOpen(const char* pszSystemPath, const char* pszFtgPath);
ADK_EXPORT ADK_ERROR ADK_API AdkOpen2(const char* pszSystemPath, const char* pszFtgPath,
                                      const char* pszUserName, const char* pszPassword);
/* lLogOn is accepted and ignored by the emulator. */
ADK_EXPORT ADK_ERROR ADK_API AdkOpenEx(const char* pszSystemPath, const char* pszFtgPath, long lLogOn);
ADK_EXPORT ADK_ERROR ADK_API AdkOpenEx2(const char* pszSystemPath, const char* pszFtgPath,
                                        const char* pszUserName, const char* pszPassword, long lLogOn);
ADK_EXPORT ADK_ERROR ADK_API AdkGetCompanyName(const char* pszFtgPath, int bStrict, const char* pszSystemPath,
                                               char** chBuf, int iBufSize, int* piVariant, long* lMajor,
                                               long* lMinor);
ADK_EXPORT ADK_ERROR ADK_API AdkIsLoginActivated(const char* pszSystemPath, const char* pszFtgPath,
                                                 int* piValue);
ADK_EXPORT void ADK_API AdkClose(void);
ADK_EXPORT void ADK_API AdkSetWarningFunction(void(ADK_API* function)(ADK_ERROR*));
ADK_EXPORT void ADK_API AdkGetErrorText(ADK_ERROR* error, ADK_ERROR_TEXT_TYPE nErrorTextType,
                                        char** achBuf, int iLen);
ADK_EXPORT void ADK_API AdkGetVersion(long* lMajor, long* lMinor);

/* Business helpers */
ADK_EXPORT ADK_ERROR ADK_API AdkGetVatpercentOnArticle(const char* strArticle, double* dVal);

/* ---- Skarv's own entry points: NOT part of Visma's ADK --------------------------
 * Used by tests and the demo to set companies up; a connector never calls them. */

/* Creates (or opens) the company database at pszFtgPath (a directory, created if
 * missing). A non-empty user name activates login: AdkOpen then fails with
 * ADKE_LOGIN_DENIED and AdkOpen2 needs this user and password. Does not open a
 * session and may be called while one is open on another company. */
ADK_EXPORT ADK_ERROR ADK_API SkarvAdkEmuCreateCompany(const char* pszFtgPath, const char* pszCompanyName,
                                                      const char* pszUserName, const char* pszPassword);
/* Makes pszSystemPath (created if missing) a folder the emulator accepts as the
 * system path ("Gemensamma filer") of AdkOpen*, by writing the marker file
 * skarv-adk-system-folder into it. Any other system path gives ADKE_INVALID_ADM_PATH. */
ADK_EXPORT ADK_ERROR ADK_API SkarvAdkEmuCreateSystemFolder(const char* pszSystemPath);
/* Number of ADK_DATA structs allocated and not yet freed (leak checks in tests). */
ADK_EXPORT long ADK_API SkarvAdkEmuLiveStructs(void);

#ifdef __cplusplus
}
#endif

#endif /* SKARV_ADK_EMULATOR_ADK_H */
